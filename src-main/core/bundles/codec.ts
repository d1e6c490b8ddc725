import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../encoding/canonical-json.ts';
import { bytesToBase64, strictBase64ToBytes } from '../encoding/base64.ts';
import { checkCodeOf } from '../encoding/check-code.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleDocument,
  FINGERPRINT_DOMAIN,
  MAX_BUNDLE_BYTES,
  SIGNING_DOMAIN,
  type Bundle,
  type BundleHeader,
} from './format.ts';
import { BundleError } from './errors.ts';

/** Signs bundles; the secret key stays inside the implementation (vault-backed in the app). */
export interface BundleSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export function signedBytes(header: BundleHeader): Uint8Array {
  return utf8ToBytes(SIGNING_DOMAIN + canonicalJson(header));
}

/** Node's native SHA-256: payloads reach tens of MiB (a Seal message set), where it is about 10x faster than pure JS. */
function payloadSha256(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}

export function bundleFingerprint(header: BundleHeader): string {
  return bytesToHex(sha256(utf8ToBytes(FINGERPRINT_DOMAIN + canonicalJson(header))));
}

export interface NewBundle {
  protocol: BundleHeader['protocol'];
  ceremonyId: string;
  phase: 1 | 2 | 3;
  step: string;
  sender: { id: string; label: string };
  createdAt: string;
  rehearsal: boolean;
  payloadType: string;
  payload: Uint8Array;
}

export function encodeBundle(b: NewBundle, signer: BundleSigner): { bytes: Uint8Array; bundle: Bundle } {
  const bundle = signBundle(b, signer, payloadSha256(b.payload));
  return { bytes: bundleBytes(bundle), bundle };
}

/** The signed bundle of `b` whose payload hashes to `payloadSha256Hex` (the caller computed it, perhaps in slices). */
export function signBundle(b: NewBundle, signer: BundleSigner, payloadSha256Hex: string): Bundle {
  const header: BundleHeader = {
    protocol: b.protocol,
    ceremonyId: b.ceremonyId,
    phase: b.phase,
    step: b.step,
    sender: { id: b.sender.id, label: b.sender.label, publicKey: bytesToHex(signer.publicKey) },
    createdAt: b.createdAt,
    rehearsal: b.rehearsal,
    payloadType: b.payloadType,
    payloadLength: b.payload.length,
    payloadSha256: payloadSha256Hex,
  };
  const signature = signer.sign(signedBytes(header));
  const fingerprint = bundleFingerprint(header);
  return { header, payload: b.payload, signature, fingerprint, checkCode: checkCodeOf(fingerprint) };
}

/**
 * The file of a signed bundle, as its sender wrote it: a relay hands on the coordinator's
 * message set with the transaction it built from it, still signed by the coordinator.
 */
export function bundleBytes(bundle: Bundle): Uint8Array {
  const h = bundle.header;
  // Fields in the order encodeBundle writes them, whatever order a parser produced.
  const header: BundleHeader = {
    protocol: h.protocol,
    ceremonyId: h.ceremonyId,
    phase: h.phase,
    step: h.step,
    sender: { id: h.sender.id, label: h.sender.label, publicKey: h.sender.publicKey },
    createdAt: h.createdAt,
    rehearsal: h.rehearsal,
    payloadType: h.payloadType,
    payloadLength: h.payloadLength,
    payloadSha256: h.payloadSha256,
  };
  const doc = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    header,
    payload: bytesToBase64(bundle.payload),
    signature: bytesToHex(bundle.signature),
  };
  return utf8ToBytes(JSON.stringify(doc, null, 2) + '\n');
}

function looksLikeBundleStart(text: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"ceremony-bundle"/.test(text);
}

interface DecodedBundle {
  header: BundleHeader;
  payloadBase64: string;
  signatureHex: string;
}

/** Structure, version and schema only; integrity and signature are checked by `verifyDecoded`. */
function decodeBundle(bytes: Uint8Array): DecodedBundle {
  if (bytes.length === 0) throw new BundleError('bundle/empty', 'The file is empty.');
  if (bytes.length > MAX_BUNDLE_BYTES) {
    throw new BundleError(
      'bundle/too-large',
      `The file is ${bytes.length} bytes, larger than any ceremony bundle (${MAX_BUNDLE_BYTES} bytes).`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError('bundle/not-a-bundle', 'The file is not a ceremony bundle (it is not text).');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    if (looksLikeBundleStart(text)) {
      throw new BundleError('bundle/truncated', 'The bundle file is cut short or damaged (copy it again from the sender).');
    }
    throw new BundleError('bundle/not-a-bundle', 'The file is not a ceremony bundle.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as Record<string, unknown>).format !== BUNDLE_FORMAT) {
    throw new BundleError('bundle/not-a-bundle', 'The file is not a ceremony bundle.');
  }
  const version = (raw as Record<string, unknown>).version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new BundleError('bundle/malformed', 'The bundle has no valid format version.');
  }
  if (version !== BUNDLE_VERSION) {
    throw new BundleError(
      'bundle/unknown-version',
      version > BUNDLE_VERSION
        ? `The bundle uses format version ${version}, newer than this app understands (${BUNDLE_VERSION}); update the app.`
        : `The bundle uses format version ${version}, which this app does not read.`,
      { version },
    );
  }
  const parsed = BundleDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError('bundle/malformed', `The bundle is malformed: ${issue.path.join('.') || 'document'}: ${issue.message}.`);
  }
  return { header: parsed.data.header, payloadBase64: parsed.data.payload, signatureHex: parsed.data.signature };
}

function verifyDecoded(d: DecodedBundle): Bundle {
  const { header } = d;
  const payload = strictBase64ToBytes(d.payloadBase64);
  if (!payload) throw new BundleError('bundle/bad-payload-encoding', 'The bundle payload is not valid base64.');
  if (payload.length !== header.payloadLength || payloadSha256(payload) !== header.payloadSha256) {
    throw new BundleError(
      'bundle/payload-mismatch',
      `The payload of the bundle from ${header.sender.label || header.sender.id} was altered after it was signed.`,
      {
        sender: header.sender.id,
      },
    );
  }
  const signature = hexToBytes(d.signatureHex);
  let valid: boolean;
  try {
    valid = ed25519.verify(signature, signedBytes(header), hexToBytes(header.sender.publicKey));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new BundleError(
      'bundle/bad-signature',
      `The signature on the bundle from ${header.sender.label || header.sender.id} does not verify: it was altered or not made by that sender.`,
      {
        sender: header.sender.id,
      },
    );
  }
  const fingerprint = bundleFingerprint(header);
  return { header, payload, signature, fingerprint, checkCode: checkCodeOf(fingerprint) };
}

/**
 * Parses and verifies a bundle file on its own (no ceremony context): structure, version,
 * payload integrity, signature. Throws only BundleError.
 */
export function parseBundle(bytes: Uint8Array): Bundle {
  return verifyDecoded(decodeBundle(bytes));
}

export interface BundleInspection {
  header: BundleHeader;
  fingerprint: string;
  checkCode: string;
  /** True when payload and signature verify; otherwise `problem` says what failed. */
  valid: boolean;
  problem: BundleError | null;
}

/**
 * For people examining a file (`ceremony bundle inspect`): a structurally readable bundle is
 * described even when its payload or signature fails, with the failure reported alongside.
 * Unreadable files still throw.
 */
export function inspectBundle(bytes: Uint8Array): BundleInspection {
  const d = decodeBundle(bytes);
  const fingerprint = bundleFingerprint(d.header);
  try {
    verifyDecoded(d);
    return { header: d.header, fingerprint, checkCode: checkCodeOf(fingerprint), valid: true, problem: null };
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    return { header: d.header, fingerprint, checkCode: checkCodeOf(fingerprint), valid: false, problem: e };
  }
}

/** Ed25519 signer over raw secret bytes (used by tests and by the vault-backed identity). */
export function ed25519Signer(secretKey: Uint8Array): BundleSigner {
  const publicKey = ed25519.getPublicKey(secretKey);
  return { publicKey, sign: (m) => ed25519.sign(m, secretKey) };
}
