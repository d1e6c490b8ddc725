import { scryptAsync } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { PASSPHRASE_MIN_LENGTH } from '../../../../src-shared/api/common.ts';
import { CeremonyError } from '../../errors.ts';
import { open, randomNonce, sealWithNonce } from '../../vault/aead.ts';
import { equalBytes, fromBase64, toBase64, wipe } from '../../vault/bytes.ts';
import { checkScryptParams, DEFAULT_SCRYPT, passphraseBytes, requireAffordableScrypt, type ScryptParams } from '../../vault/kdf.ts';

/**
 * The encrypted package a Seal member hands to whoever runs its key server: the share env file,
 * key-server-config.yaml and a README.txt, under one passphrase.
 *
 * Why this format. The operator is often someone else, on a machine without Ceremony:
 * - stock `openssl enc` refuses AEAD modes (GCM), and what it does offer (CBC with PBKDF2) has no
 *   integrity: a wrong passphrase or a damaged file decrypts to garbage or fails by chance on the
 *   padding, and PBKDF2 is not memory-hard;
 * - `age` with a passphrase (its scrypt recipient) would be the standard tool, but needs an age
 *   library this app does not carry.
 * So the package uses the vault's own primitives, scrypt and AES-256-GCM, in a layout plain
 * enough to open with any scrypt + AES-GCM implementation (Python's `cryptography`, Go's x/crypto,
 * OpenSSL 3's `openssl kdf SCRYPT` for the key) and, simplest, with this app's CLI without
 * installing the desktop app: `npx ceremony seal open-package <file> <folder>`.
 *
 * The file is UTF-8 JSON (it survives mail and chat):
 *
 *   { "about": "<how to open it, for people; not authenticated, ignored when opening>",
 *     "header": "<a JSON text, kept as a string so its exact bytes are the associated data>",
 *     "ciphertext": "<base64: AES-256-GCM ciphertext || 16-byte tag>" }
 *
 * header: { format, version: 1, committee, member, keyServerObjId, createdAt,
 *           kdf: { alg: "scrypt", N, r, p, dkLen: 64 }, salt, check, nonce, cipher: "aes-256-gcm" }
 *           (salt 16 bytes, check 32 bytes, nonce 12 bytes, each base64)
 *
 *   out   = scrypt(UTF-8(NFKC(passphrase)), salt, N, r, p, 64 bytes)
 *   key   = out[0..32]; out[32..64] must equal `check` (else: a wrong passphrase, told apart from
 *           a damaged file, whose GCM tag fails with the right passphrase)
 *   plain = AES-256-GCM-decrypt(key, nonce, ciphertext, associated data = UTF-8(header string))
 *         = UTF-8 JSON { "files": [ { "name": "…", "text": "…" }, … ] }
 *
 * The check value lets a guess be tested without the GCM step; it costs an attacker nothing more
 * than the tag would, since each guess still pays for the scrypt.
 */
export const KEY_SERVER_PACKAGE_FORMAT = 'ceremony-seal-key-server-package';
const VERSION = 1;
const DK_LEN = 64;
const SALT_LENGTH = 16;
/** Far above three small text files; refused before any parsing or key derivation. */
const MAX_PACKAGE_BYTES = 1024 * 1024;
/** A file name inside the package: one plain name, never a path (written into the operator's folder). */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const bytesToUtf8 = (b: Uint8Array): string => utf8.decode(b);
export const OPEN_PACKAGE_COMMAND = 'npx ceremony seal open-package';

export interface PackageFile {
  name: string;
  text: string;
}

/** Public facts in the header: what the package is for (readable without the passphrase). */
export interface PackageAbout {
  committee: string;
  member: string;
  keyServerObjId: string;
  createdAt: string;
}

export interface OpenedPackage {
  about: PackageAbout;
  files: PackageFile[];
}

function slug(s: string): string {
  return (
    s
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'seal'
  );
}

/** `<committee>-<member>-key-server-package.json`, from names people gave (made safe for any file system). */
export function keyServerPackageFileName(committee: string, member: string): string {
  return `${slug(committee)}-${slug(member)}-key-server-package.json`;
}

async function derive(passphrase: string, salt: Uint8Array, kdf: ScryptParams): Promise<{ key: Uint8Array; check: Uint8Array }> {
  const pw = passphraseBytes(passphrase);
  try {
    const out = await scryptAsync(pw, salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: DK_LEN, maxmem: 128 * kdf.N * kdf.r * 2 + 1024 * 1024 });
    const key = out.slice(0, 32);
    const check = out.slice(32);
    wipe(out);
    return { key, check };
  } finally {
    wipe(pw);
  }
}

function checkFiles(files: readonly PackageFile[]): void {
  const names = new Set<string>();
  for (const f of files) {
    if (!FILE_NAME.test(f.name) || names.has(f.name)) throw new Error(`bad package file name "${f.name}"`);
    names.add(f.name);
  }
}

/** The package's text (UTF-8 JSON). The passphrase needs at least PASSPHRASE_MIN_LENGTH characters. */
export async function encodeKeyServerPackage(
  about: PackageAbout,
  files: readonly PackageFile[],
  passphrase: string,
  opts: { kdf?: ScryptParams } = {},
): Promise<string> {
  if (typeof passphrase !== 'string' || [...passphrase.normalize('NFKC')].length < PASSPHRASE_MIN_LENGTH)
    throw new CeremonyError(
      'vault/passphrase-too-short',
      `Use a passphrase of at least ${PASSPHRASE_MIN_LENGTH} characters for the package (a few random words is best).`,
    );
  checkFiles(files);
  const kdf = requireAffordableScrypt(opts.kdf ?? DEFAULT_SCRYPT, 'The package');
  const salt = randomBytes(SALT_LENGTH);
  const nonce = randomNonce();
  const { key, check } = await derive(passphrase, salt, kdf);
  const header = JSON.stringify({
    format: KEY_SERVER_PACKAGE_FORMAT,
    version: VERSION,
    committee: about.committee,
    member: about.member,
    keyServerObjId: about.keyServerObjId,
    createdAt: about.createdAt,
    kdf: { alg: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, dkLen: DK_LEN },
    salt: toBase64(salt),
    check: toBase64(check),
    nonce: toBase64(nonce),
    cipher: 'aes-256-gcm',
  });
  const plain = utf8ToBytes(JSON.stringify({ files: files.map((f) => ({ name: f.name, text: f.text })) }));
  try {
    const ciphertext = sealWithNonce(key, nonce, plain, utf8ToBytes(header));
    const doc = {
      about:
        `Encrypted Seal key-server package for ${about.member} (committee ${about.committee}). It holds a SECRET share. ` +
        `Open it with: ${OPEN_PACKAGE_COMMAND} <this file> <new folder>. Without Ceremony: see "header": ` +
        'scrypt(passphrase, salt, N, r, p, 64 bytes); the first 32 bytes are the AES-256-GCM key, the last 32 equal "check"; ' +
        'nonce from the header, associated data = the header string exactly; the plaintext is JSON {"files":[{"name","text"}]}.',
      header,
      ciphertext: toBase64(ciphertext),
    };
    return JSON.stringify(doc, null, 2) + '\n';
  } finally {
    wipe(key, check, plain);
  }
}

function notAPackage(why: string): CeremonyError {
  return new CeremonyError('seal/not-a-package', `That file is not a Ceremony key-server package (${why}).`);
}

function damaged(): CeremonyError {
  return new CeremonyError(
    'seal/package-damaged',
    'The package is damaged or was altered (the passphrase is right, but its contents do not verify); ask for a new copy.',
  );
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw notAPackage(`${what} is not JSON; was it cut short?`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw notAPackage(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

interface Header {
  text: string;
  about: PackageAbout;
  kdf: ScryptParams;
  salt: Uint8Array;
  check: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length > MAX_PACKAGE_BYTES) throw notAPackage(`over ${MAX_PACKAGE_BYTES} bytes`);
  let text: string;
  try {
    text = bytesToUtf8(bytes);
  } catch {
    throw notAPackage('not UTF-8 text');
  }
  const doc = parseObject(text, 'the file');
  if (typeof doc.header !== 'string') throw notAPackage('no header');
  const h = parseObject(doc.header, 'the header');
  if (h.format !== KEY_SERVER_PACKAGE_FORMAT) throw notAPackage('another format');
  if (h.version !== VERSION)
    throw notAPackage(`version ${String(h.version)}; this app reads version ${VERSION}, a newer Ceremony may read it`);
  const kdfIn = h.kdf as Record<string, unknown> | undefined;
  const kdf = checkScryptParams(kdfIn);
  const salt = fromBase64(h.salt);
  const check = fromBase64(h.check);
  const nonce = fromBase64(h.nonce);
  const ciphertext = fromBase64(doc.ciphertext);
  const strings = [h.committee, h.member, h.keyServerObjId, h.createdAt];
  if (
    !kdf ||
    kdfIn?.dkLen !== DK_LEN ||
    h.cipher !== 'aes-256-gcm' ||
    salt?.length !== SALT_LENGTH ||
    check?.length !== DK_LEN - 32 ||
    nonce?.length !== 12 ||
    !ciphertext ||
    strings.some((x) => typeof x !== 'string')
  )
    throw damaged();
  const [committee, member, keyServerObjId, createdAt] = strings as string[];
  return {
    text: doc.header,
    about: { committee: committee!, member: member!, keyServerObjId: keyServerObjId!, createdAt: createdAt! },
    kdf: requireAffordableScrypt(kdf, 'The package'),
    salt,
    check,
    nonce,
    ciphertext,
  };
}

/** What the package says it is for, without its passphrase (not authenticated until it is opened). */
export function inspectKeyServerPackage(bytes: Uint8Array): PackageAbout {
  return readHeader(bytes).about;
}

/**
 * Decrypts and checks a package: `seal/not-a-package` for another file, `seal/package-wrong-passphrase`,
 * `seal/package-damaged` when the right passphrase meets altered contents.
 */
export async function openKeyServerPackage(bytes: Uint8Array, passphrase: string): Promise<OpenedPackage> {
  const h = readHeader(bytes);
  const { key, check } = await derive(passphrase, h.salt, h.kdf);
  try {
    if (!equalBytes(check, h.check))
      throw new CeremonyError(
        'seal/package-wrong-passphrase',
        'That passphrase does not open this package. Check it with whoever sent the package (they gave it to you separately).',
      );
    const plain = open(key, { nonce: h.nonce, ciphertext: h.ciphertext }, utf8ToBytes(h.text));
    if (!plain) throw damaged();
    let files: unknown;
    try {
      files = (JSON.parse(bytesToUtf8(plain)) as { files?: unknown }).files;
    } catch {
      throw damaged();
    } finally {
      wipe(plain);
    }
    if (!Array.isArray(files) || !files.every((f) => typeof f?.name === 'string' && typeof f?.text === 'string')) throw damaged();
    const out = (files as PackageFile[]).map((f) => ({ name: f.name, text: f.text }));
    try {
      checkFiles(out);
    } catch {
      throw damaged();
    }
    return { about: h.about, files: out };
  } finally {
    wipe(key, check);
  }
}
