import { CeremonyError } from '../errors.ts';
import type { Sealed } from './aead.ts';
import { encodeFields, fromBase64, parseJsonObject, toBase64 } from './bytes.ts';
import type { SecretMeta } from './meta.ts';
import { metaFields, parseMeta } from './meta.ts';

/**
 * One secret on disk: its public metadata in clear, and the secret under AES-256-GCM.
 *
 * The associated data binds the ciphertext to the vault id and to EVERY metadata field
 * (id, label, kind, ceremony, time, fingerprint), so a file cannot be renamed to another id,
 * copied into another vault, or relabelled ("this is the old share") without the
 * decryption failing.
 */
const FORMAT = 'ceremony-vault-secret';
const VERSION = 1;

export interface SecretFile {
  vaultId: string;
  meta: SecretMeta;
  sealed: Sealed;
}

export function secretAad(vaultId: string, meta: SecretMeta): Uint8Array {
  return encodeFields(['ceremony/vault/secret/v1', vaultId, ...metaFields(meta), meta.ceremonyId === null ? 'null' : 'set']);
}

export function serializeSecretFile(f: SecretFile): string {
  return (
    JSON.stringify({
      format: FORMAT,
      version: VERSION,
      vaultId: f.vaultId,
      meta: f.meta,
      nonce: toBase64(f.sealed.nonce),
      ciphertext: toBase64(f.sealed.ciphertext),
    }) + '\n'
  );
}

export function parseSecretFile(text: string, path: string, id: string): SecretFile {
  const corrupt = (why: string) =>
    new CeremonyError('vault/corrupt-secret', `The stored secret "${id}" (${path}) is damaged (${why}); restore it from its backup.`, {
      id,
      path,
    });
  const o = parseJsonObject(text, corrupt);
  if (o.format !== FORMAT || o.version !== VERSION) throw corrupt('unknown format or version');
  if (typeof o.vaultId !== 'string') throw corrupt('vault id missing');
  const meta = parseMeta(o.meta);
  if (!meta) throw corrupt('metadata malformed');
  const nonce = fromBase64(o.nonce);
  const ciphertext = fromBase64(o.ciphertext);
  if (!nonce || !ciphertext) throw corrupt('ciphertext malformed');
  return { vaultId: o.vaultId, meta, sealed: { nonce, ciphertext } };
}
