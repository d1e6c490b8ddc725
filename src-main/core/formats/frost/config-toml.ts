/**
 * frost-client's config file (`credentials.toml`, frost-client `cli/config.rs`): the communication
 * key pair, the address book, and the FROST groups with their postcard-encoded key packages.
 *
 *   version = 0
 *   [communication_key]  privkey = hex32, pubkey = hex32          (X25519)
 *   [contact.<name>]     name, pubkey
 *   [group.<hex group verifying key>]
 *                        description, ciphersuite (ID string), public_key_package (hex postcard),
 *                        key_package (hex postcard), server_url = "host:port" (optional)
 *   [group.<vk>.participant.<hex identifier>]  identifier, pubkey
 *
 * Groups are kept as frost-client wrote them (raw bytes) so a file round-trips unchanged, even
 * for ciphersuites we do not implement; `openFrostClientGroup` decodes and
 * cross-checks one. The writer reproduces frost-client's `toml::to_string_pretty` layout.
 * The file holds secrets in clear (that is frost-client's design): callers move them to the vault.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parse, TomlError } from 'smol-toml';
import { CeremonyError } from '../../errors.ts';
import { normalizeIdentifier, type Identifier } from '../../crypto/frost/identifier.ts';
import { frostSuite, isFrostSuiteId, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { KeyPackage, PublicKeyPackage } from '../../crypto/frost/types.ts';
import type { FrostContact } from './contact.ts';
import { decodeFrostPostcard, encodeFrostPostcard } from './frost-postcard.ts';

/** The only config format version frost-client has written so far. */
export const FROST_CLIENT_CONFIG_VERSION = 0;

export interface CommunicationKeyPair {
  /** X25519 secret (32 bytes, clamped on use). Secret. */
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface FrostClientParticipant {
  readonly identifier: string;
  readonly publicKey: Uint8Array;
}

/** One `[group.<vk>]` table, bytes as stored. */
export interface FrostClientGroup {
  readonly description: string;
  /** Ciphersuite ID string, e.g. "FROST-ED25519-SHA512-v1" or RedPallas's "FROST(Pallas, BLAKE2b-512)". */
  readonly ciphersuite: string;
  readonly publicKeyPackage: Uint8Array;
  /** postcard(KeyPackage). Secret. */
  readonly keyPackage: Uint8Array;
  readonly serverUrl?: string;
  /** Keyed by hex identifier. */
  readonly participants: Readonly<Record<string, FrostClientParticipant>>;
}

export interface FrostClientConfig {
  readonly version: number;
  readonly communicationKey?: CommunicationKeyPair;
  /** Keyed by contact name, as in frost-client's address book. */
  readonly contacts: Readonly<Record<string, FrostContact>>;
  /** Keyed by hex group verifying key. */
  readonly groups: Readonly<Record<string, FrostClientGroup>>;
}

function malformed(reason: string, details: Record<string, string | number> = {}): CeremonyError {
  return new CeremonyError('frost/config-malformed', `The frost-client config is not valid: ${reason}.`, details);
}

function table(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) throw malformed(`[${where}] must be a table`);
  return v as Record<string, unknown>;
}

function str(t: Record<string, unknown>, key: string, where: string): string {
  const v = t[key];
  if (typeof v !== 'string') throw malformed(`${where}.${key} must be a string`);
  return v;
}

function hexField(t: Record<string, unknown>, key: string, where: string, length?: number): Uint8Array {
  const v = str(t, key, where);
  if (v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v)) throw malformed(`${where}.${key} must be hex`);
  const b = hexToBytes(v);
  if (length !== undefined && b.length !== length) throw malformed(`${where}.${key} must be ${length} bytes`);
  return b;
}

/**
 * Names that would not survive into a plain object: `contacts["__proto__"] = …` sets the
 * object's prototype instead of adding a contact, so a `[contact.__proto__]` table vanished
 * without a word; `constructor` and `prototype` shadow built-ins. smol-toml keeps them as own
 * keys, so they are refused here, anywhere in the document, before anything is read from it.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function refuseReservedKeys(v: unknown, path: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) refuseReservedKeys(item, path);
    return;
  }
  if (typeof v !== 'object' || v === null || v instanceof Date) return;
  for (const [key, child] of Object.entries(v)) {
    const here = [...path, key];
    if (RESERVED_KEYS.has(key))
      throw new CeremonyError(
        'frost/config-reserved-name',
        `The frost-client config uses the reserved name "${key}" (at ${here.join('.')}), which this app cannot read safely; rename that table or key in the file (for a contact: give it another name) and import it again.`,
        { key, path: here.join('.') },
      );
    refuseReservedKeys(child, here);
  }
}

/** Parses the TOML text. Refuses versions newer than 0 with `frost/config-version-unsupported`. */
export function parseFrostClientConfig(text: string): FrostClientConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError)
      throw malformed(`TOML syntax error at line ${e.line}, column ${e.column}`, { line: e.line, column: e.column });
    throw e;
  }
  refuseReservedKeys(doc, []);
  // Some other TOML file (a Cargo.toml, another tool's settings): say so rather than "not valid".
  if (!['version', 'communication_key', 'contact', 'group'].some((k) => k in doc))
    throw new CeremonyError(
      'frost/config-not-frost-client',
      'This is not a frost-client credentials file: it has no version, communication key, contacts or groups. Choose the credentials.toml frost-client wrote (frost-client init -c …).',
      {},
    );
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw malformed('"version" is missing or not a whole number');
  if (version > FROST_CLIENT_CONFIG_VERSION)
    throw new CeremonyError(
      'frost/config-version-unsupported',
      `This frost-client config uses format version ${version}, newer than the version ${FROST_CLIENT_CONFIG_VERSION} this app reads; update Ceremony, or export the groups with an older frost-client.`,
      { version, supported: FROST_CLIENT_CONFIG_VERSION },
    );

  let communicationKey: CommunicationKeyPair | undefined;
  if (doc.communication_key !== undefined) {
    const t = table(doc.communication_key, 'communication_key');
    const privateKey = hexField(t, 'privkey', 'communication_key', 32);
    const publicKey = hexField(t, 'pubkey', 'communication_key', 32);
    if (bytesToHex(x25519.getPublicKey(privateKey)) !== bytesToHex(publicKey))
      throw new CeremonyError(
        'frost/config-key-mismatch',
        'The communication key pair in this config does not match (pubkey is not derived from privkey).',
        {},
      );
    communicationKey = { privateKey, publicKey };
  }

  const contacts: Record<string, FrostContact> = {};
  for (const [key, v] of Object.entries(table(doc.contact ?? {}, 'contact'))) {
    const t = table(v, `contact.${key}`);
    const name = str(t, 'name', `contact.${key}`);
    if (name !== key) throw malformed(`contact.${key} has name "${name}"; frost-client keys contacts by their name`);
    if (t.version !== undefined && t.version !== 0) throw malformed(`contact.${key} has unknown version ${String(t.version)}`);
    contacts[key] = { name, publicKey: hexField(t, 'pubkey', `contact.${key}`, 32) };
  }

  const groups: Record<string, FrostClientGroup> = {};
  for (const [key, v] of Object.entries(table(doc.group ?? {}, 'group'))) {
    const where = `group.${key}`;
    const t = table(v, where);
    const participants: Record<string, FrostClientParticipant> = {};
    for (const [pkey, pv] of Object.entries(table(t.participant ?? {}, `${where}.participant`))) {
      const pt = table(pv, `${where}.participant.${pkey}`);
      const identifier = bytesToHex(hexField(pt, 'identifier', `${where}.participant.${pkey}`));
      if (identifier !== pkey.toLowerCase()) throw malformed(`${where}.participant.${pkey} has identifier ${identifier}`);
      participants[identifier] = { identifier, publicKey: hexField(pt, 'pubkey', `${where}.participant.${pkey}`, 32) };
    }
    const serverUrl = t.server_url === undefined ? undefined : str(t, 'server_url', where);
    groups[key] = {
      description: str(t, 'description', where),
      ciphersuite: str(t, 'ciphersuite', where),
      publicKeyPackage: hexField(t, 'public_key_package', where),
      keyPackage: hexField(t, 'key_package', where),
      ...(serverUrl === undefined ? {} : { serverUrl }),
      participants,
    };
  }
  return { version, ...(communicationKey ? { communicationKey } : {}), contacts, groups };
}

export interface OpenedFrostClientGroup {
  readonly suite: FrostSuiteId;
  readonly description: string;
  readonly keyPackage: KeyPackage;
  readonly publicKeyPackage: PublicKeyPackage;
  readonly serverUrl?: string;
  /** Communication public key of each member, by identifier. */
  readonly participants: Readonly<Record<Identifier, Uint8Array>>;
}

/**
 * Decodes one group and checks it hangs together: supported suite, key packages decode, the table
 * key is the group key, this member is in the public key package with the same verifying share,
 * and every listed participant is a member.
 */
export function openFrostClientGroup(groupKeyHex: string, group: FrostClientGroup): OpenedFrostClientGroup {
  if (!isFrostSuiteId(group.ciphersuite))
    throw new CeremonyError(
      'frost/config-unsupported-suite',
      `The group "${group.description}" uses ciphersuite ${group.ciphersuite}, which this app does not support.`,
      { group: groupKeyHex, suite: group.ciphersuite },
    );
  const suite = group.ciphersuite;
  const publicKeyPackage = decodeFrostPostcard('PublicKeyPackage', suite, group.publicKeyPackage);
  const keyPackage = decodeFrostPostcard('KeyPackage', suite, group.keyPackage);
  const inconsistent = (what: string) =>
    new CeremonyError('frost/config-inconsistent-group', `The group "${group.description}" is inconsistent: ${what}.`, {
      group: groupKeyHex,
    });
  if (bytesToHex(publicKeyPackage.verifyingKey) !== groupKeyHex.toLowerCase()) throw inconsistent('its table key is not its group key');
  if (bytesToHex(keyPackage.verifyingKey) !== bytesToHex(publicKeyPackage.verifyingKey))
    throw inconsistent('the key package is for another group key');
  const share = frostSuite(suite).scalarFromBytes(keyPackage.signingShare, 'signing share');
  const ownPoint = share === 0n ? frostSuite(suite).zero : frostSuite(suite).base.multiply(share);
  if (ownPoint.is0() || bytesToHex(frostSuite(suite).elementToBytes(ownPoint)) !== bytesToHex(keyPackage.verifyingShare))
    throw inconsistent("the key package's signing share does not match its verifying share");
  const own = publicKeyPackage.verifyingShares[keyPackage.identifier];
  if (!own || bytesToHex(own) !== bytesToHex(keyPackage.verifyingShare))
    throw inconsistent('this member is missing from the public key package');
  const participants: Record<Identifier, Uint8Array> = {};
  for (const [id, p] of Object.entries(group.participants)) {
    const nid = normalizeIdentifier(frostSuite(suite), id, 'participant identifier');
    if (!(nid in publicKeyPackage.verifyingShares)) throw inconsistent(`participant ${nid} is not in the public key package`);
    participants[nid] = p.publicKey;
  }
  return {
    suite,
    description: group.description,
    keyPackage,
    publicKeyPackage,
    ...(group.serverUrl === undefined ? {} : { serverUrl: group.serverUrl }),
    participants,
  };
}

/**
 * A `[group]` entry as frost-client writes it after a DKG: PublicKeyPackage in the 2.x layout
 * (current frost-client), table key = hex group key.
 */
export function frostClientGroupFromPackages(args: {
  description: string;
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage;
  serverUrl?: string;
  participants: Readonly<Record<Identifier, Uint8Array>>;
}): { key: string; group: FrostClientGroup } {
  const participants: Record<string, FrostClientParticipant> = {};
  for (const [id, publicKey] of Object.entries(args.participants)) participants[id] = { identifier: id, publicKey };
  return {
    key: bytesToHex(args.publicKeyPackage.verifyingKey),
    group: {
      description: args.description,
      ciphersuite: args.publicKeyPackage.suite,
      publicKeyPackage: encodeFrostPostcard('PublicKeyPackage', args.publicKeyPackage, { layout: '2.x' }),
      keyPackage: encodeFrostPostcard('KeyPackage', args.keyPackage),
      ...(args.serverUrl === undefined ? {} : { serverUrl: args.serverUrl }),
      participants,
    },
  };
}

// ───────────── writer (frost-client's `toml::to_string_pretty` layout) ─────────────

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function tomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

const tomlKey = (k: string) => (BARE_KEY.test(k) ? k : tomlString(k));

function sortedKeys(o: Readonly<Record<string, unknown>>): string[] {
  // Rust BTreeMap<String, _> order: by UTF-8 bytes.
  const enc = new TextEncoder();
  const cmp = (a: Uint8Array, b: Uint8Array) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return Object.keys(o).sort((a, b) => cmp(enc.encode(a), enc.encode(b)));
}

export function stringifyFrostClientConfig(config: FrostClientConfig): string {
  const lines: string[] = [`version = ${config.version}`];
  const section = (header: string, fields: [string, string][]) => {
    lines.push('', `[${header}]`);
    for (const [k, v] of fields) lines.push(`${k} = ${v}`);
  };
  if (config.communicationKey)
    section('communication_key', [
      ['privkey', tomlString(bytesToHex(config.communicationKey.privateKey))],
      ['pubkey', tomlString(bytesToHex(config.communicationKey.publicKey))],
    ]);
  const contactKeys = sortedKeys(config.contacts);
  if (contactKeys.length === 0) section('contact', []);
  for (const k of contactKeys) {
    const c = config.contacts[k]!;
    section(`contact.${tomlKey(k)}`, [
      ['name', tomlString(c.name)],
      ['pubkey', tomlString(bytesToHex(c.publicKey))],
    ]);
  }
  const groupKeys = sortedKeys(config.groups);
  if (groupKeys.length === 0) section('group', []);
  for (const k of groupKeys) {
    const g = config.groups[k]!;
    const fields: [string, string][] = [
      ['description', tomlString(g.description)],
      ['ciphersuite', tomlString(g.ciphersuite)],
      ['public_key_package', tomlString(bytesToHex(g.publicKeyPackage))],
      ['key_package', tomlString(bytesToHex(g.keyPackage))],
    ];
    if (g.serverUrl !== undefined) fields.push(['server_url', tomlString(g.serverUrl)]);
    section(`group.${tomlKey(k)}`, fields);
    const pkeys = sortedKeys(g.participants);
    if (pkeys.length === 0) section(`group.${tomlKey(k)}.participant`, []);
    for (const pk of pkeys) {
      const p = g.participants[pk]!;
      section(`group.${tomlKey(k)}.participant.${tomlKey(pk)}`, [
        ['identifier', tomlString(p.identifier)],
        ['pubkey', tomlString(bytesToHex(p.publicKey))],
      ]);
    }
  }
  return lines.join('\n') + '\n';
}
