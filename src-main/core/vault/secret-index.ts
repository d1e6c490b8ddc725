import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CeremonyError } from '../errors.ts';
import { encodeFields, equalBytes, fromBase64, parseJsonObject, toBase64 } from './bytes.ts';
import type { SecretMeta } from './meta.ts';
import { metaFields, parseMeta } from './meta.ts';

/**
 * index.json: the public metadata of every stored secret, so listing needs no decryption.
 *
 * The index is the commit point of the vault: a secret exists once its entry is in the
 * index (see vault.ts for the write order). It carries an HMAC under a DEK-derived key, so
 * an entry cannot be added, removed or edited without the key; it is verified whenever the
 * vault is unlocked. Rolling the whole folder back to an older copy is not detected (that
 * would need a monotonic counter outside the folder).
 */
const FORMAT = 'ceremony-vault-index';
const VERSION = 1;

export interface SecretIndex {
  vaultId: string;
  /** Sorted by id. */
  entries: SecretMeta[];
}

function macInput(ix: SecretIndex): Uint8Array {
  const fields = ['ceremony/vault/index/v1', ix.vaultId, String(ix.entries.length)];
  for (const e of ix.entries) fields.push(...metaFields(e), e.ceremonyId === null ? 'null' : 'set');
  return encodeFields(fields);
}

export function indexMac(key: Uint8Array, ix: SecretIndex): Uint8Array {
  return hmac(sha256, key, macInput(ix));
}

export function serializeIndex(key: Uint8Array, ix: SecretIndex): string {
  const sorted: SecretIndex = { vaultId: ix.vaultId, entries: [...ix.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
  return (
    JSON.stringify(
      { format: FORMAT, version: VERSION, vaultId: sorted.vaultId, entries: sorted.entries, mac: toBase64(indexMac(key, sorted)) },
      null,
      2,
    ) + '\n'
  );
}

function corrupt(path: string, why: string): CeremonyError {
  return new CeremonyError(
    'vault/corrupt-index',
    `The vault index ${path} is damaged or was altered (${why}); nothing was changed. Restore the data folder from a copy, or restore your secrets from backups.`,
    { path },
  );
}

/** Parses without verifying the MAC (for a locked vault's status). */
export function parseIndexUnverified(text: string, path: string, vaultId: string): SecretIndex & { mac: Uint8Array } {
  const o = parseJsonObject(text, (why) => corrupt(path, why));
  if (o.format !== FORMAT || o.version !== VERSION) throw corrupt(path, 'unknown format or version');
  if (o.vaultId !== vaultId) throw corrupt(path, 'it belongs to another vault');
  if (!Array.isArray(o.entries)) throw corrupt(path, 'entries missing');
  const entries: SecretMeta[] = [];
  const seen = new Set<string>();
  for (const raw of o.entries) {
    const m = parseMeta(raw);
    if (!m) throw corrupt(path, 'an entry is malformed');
    if (seen.has(m.id)) throw corrupt(path, `id ${m.id} appears twice`);
    seen.add(m.id);
    entries.push(m);
  }
  const mac = fromBase64(o.mac);
  if (!mac || mac.length !== 32) throw corrupt(path, 'MAC missing');
  return { vaultId, entries, mac };
}

export function parseIndex(key: Uint8Array, text: string, path: string, vaultId: string): SecretIndex {
  const ix = parseIndexUnverified(text, path, vaultId);
  const sorted = [...ix.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.some((e, i) => e !== ix.entries[i])) throw corrupt(path, 'entries out of order');
  if (!equalBytes(indexMac(key, ix), ix.mac)) throw corrupt(path, 'its MAC does not verify');
  return { vaultId, entries: ix.entries };
}
