/**
 * The plaintexts frost-client puts inside its Noise messages (serde_json of frost-core types;
 * frost-client `dkg/comms/http.rs`, `coordinator/comms/http.rs`, `participant/comms/http.rs`):
 *
 *   DKG, member → member   round1::Package                     {"header",…,"commitment",…,"proof_of_knowledge"}
 *                          echo of another's package (n > 2)     ["<identifier hex>", round1::Package]
 *                          round2::Package                     {"header",…,"signing_share"}
 *   signing, signer → coordinator queue   [SigningCommitments]   then   [SignatureShare]
 *   signing, coordinator → signer         {"signing_package":[SigningPackage],"aux_msg":"<hex>","randomizer":[…]}
 *
 * frost-client never tags a message: it parses whatever arrives as what its current state
 * expects, so an early message aborts it. We classify by JSON shape instead, so a message can
 * arrive before its round and wait.
 *
 * One addition of ours travels outside frost-client's channels: a DKG member that finished sends
 * the creator a confirmation on the session's coordinator queue, which a frost-client creator
 * never reads, encrypted on its own Noise channel (see dkg-runner.ts).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { decodeFrostJson, encodeFrostJson, type JsonValue } from '../../formats/frost/frost-json.ts';
import { normalizeIdentifier, type Identifier } from '../../crypto/frost/identifier.ts';
import { frostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { Round1Package, Round2Package, SignatureShare, SigningCommitments, SigningPackage } from '../../crypto/frost/types.ts';
import { parseHex } from './api.ts';

const encoder = new TextEncoder();
const toBytes = (v: JsonValue) => encoder.encode(JSON.stringify(v));

function parse(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new CeremonyError('frostd/unexpected-message', `A ${what} message is not JSON.`, {});
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ───────────── DKG ─────────────

export type DkgMessage =
  | { readonly kind: 'round1'; readonly pkg: Round1Package }
  | { readonly kind: 'echo'; readonly origin: Identifier; readonly pkg: Round1Package }
  | { readonly kind: 'round2'; readonly pkg: Round2Package };

export const encodeDkgRound1 = (pkg: Round1Package): Uint8Array => toBytes(encodeFrostJson('Round1Package', pkg));
export const encodeDkgEcho = (origin: Identifier, pkg: Round1Package): Uint8Array =>
  toBytes([origin, encodeFrostJson('Round1Package', pkg)]);
export const encodeDkgRound2 = (pkg: Round2Package): Uint8Array => toBytes(encodeFrostJson('Round2Package', pkg));

/** Classifies a DKG message by shape and decodes it strictly (frost-core's serde rules). */
export function decodeDkgMessage(suite: FrostSuiteId, bytes: Uint8Array): DkgMessage {
  const v = parse(bytes, 'DKG');
  if (Array.isArray(v)) {
    if (v.length !== 2 || typeof v[0] !== 'string')
      throw new CeremonyError('frostd/unexpected-message', 'A DKG echo message must be [identifier, round-1 package].', {});
    return {
      kind: 'echo',
      origin: normalizeIdentifier(frostSuite(suite), v[0], 'echoed identifier'),
      pkg: decodeFrostJson('Round1Package', suite, v[1]),
    };
  }
  if (isObject(v) && 'signing_share' in v) return { kind: 'round2', pkg: decodeFrostJson('Round2Package', suite, v) };
  if (isObject(v) && ('proof_of_knowledge' in v || 'commitment' in v))
    return { kind: 'round1', pkg: decodeFrostJson('Round1Package', suite, v) };
  throw new CeremonyError('frostd/unexpected-message', 'A DKG message is neither a round-1 package, an echo, nor a round-2 package.', {});
}

/** Same package? (frost-core compares the decoded structs; the canonical JSON is equivalent.) */
export function sameRound1Package(a: Round1Package, b: Round1Package): boolean {
  return JSON.stringify(encodeFrostJson('Round1Package', a)) === JSON.stringify(encodeFrostJson('Round1Package', b));
}

// ───────────── signing ─────────────

export type ToCoordinatorMessage =
  | { readonly kind: 'commitments'; readonly commitments: readonly SigningCommitments[] }
  | { readonly kind: 'shares'; readonly shares: readonly SignatureShare[] };

export const encodeCommitmentsMessage = (c: SigningCommitments): Uint8Array => toBytes([encodeFrostJson('SigningCommitments', c)]);
export const encodeSignatureShareMessage = (s: SignatureShare): Uint8Array => toBytes([encodeFrostJson('SignatureShare', s)]);

/** What a signer sends the coordinator: `[SigningCommitments, …]` or `[SignatureShare, …]`, one per message. */
export function decodeToCoordinatorMessage(suite: FrostSuiteId, bytes: Uint8Array): ToCoordinatorMessage {
  const v = parse(bytes, 'signing');
  if (!Array.isArray(v) || v.length === 0 || !v.every(isObject))
    throw new CeremonyError(
      'frostd/unexpected-message',
      'A message to the coordinator must be a non-empty JSON array of commitments or signature shares.',
      {},
    );
  if (v.every((x) => 'share' in x)) return { kind: 'shares', shares: v.map((x) => decodeFrostJson('SignatureShare', suite, x)) };
  if (v.every((x) => 'hiding' in x || 'binding' in x))
    return { kind: 'commitments', commitments: v.map((x) => decodeFrostJson('SigningCommitments', suite, x)) };
  throw new CeremonyError('frostd/unexpected-message', 'A message to the coordinator is neither commitments nor signature shares.', {});
}

/** frost-client `SendSigningPackageArgs` (field order as serde writes it). */
export interface SigningPackageMessage {
  readonly signingPackages: readonly SigningPackage[];
  readonly auxMsg: Uint8Array;
  /** Randomizer scalars (hex), for rerandomized FROST: one for RedPallas (and Ed25519 with `-r`), else none. */
  readonly randomizers: readonly string[];
}

/** With a randomizer, frost-rerandomized's `Randomizer` (serde: the scalar in hex) as the one entry. */
export function encodeSigningPackageMessage(
  pkg: SigningPackage,
  auxMsg: Uint8Array = new Uint8Array(0),
  randomizer?: Uint8Array,
): Uint8Array {
  return toBytes({
    signing_package: [encodeFrostJson('SigningPackage', pkg)],
    aux_msg: bytesToHex(auxMsg),
    randomizer: randomizer ? [bytesToHex(randomizer)] : [],
  });
}

export function decodeSigningPackageMessage(suite: FrostSuiteId, bytes: Uint8Array): SigningPackageMessage {
  const v = parse(bytes, 'signing package');
  const bad = (why: string) =>
    new CeremonyError('frostd/unexpected-message', `The coordinator's message is not a signing package: ${why}.`, {});
  if (!isObject(v)) throw bad('not a JSON object');
  if (!Array.isArray(v.signing_package)) throw bad('"signing_package" must be an array');
  const auxMsg = parseHex(v.aux_msg);
  if (!auxMsg) throw bad('"aux_msg" must be hex');
  if (!Array.isArray(v.randomizer) || !v.randomizer.every((r) => typeof r === 'string'))
    throw bad('"randomizer" must be an array of hex scalars');
  return {
    signingPackages: v.signing_package.map((p) => decodeFrostJson('SigningPackage', suite, p)),
    auxMsg,
    randomizers: v.randomizer as string[],
  };
}

// ───────────── our DKG hello and confirmation (coordinator queue, separate channel) ─────────────

export interface DkgConfirmation {
  /** Hex of the group verifying key this member derived. */
  readonly verifyingKey: string;
}

const CONFIRMATION_TAG = 'ceremony-frostd-dkg-complete';
const HELLO_TAG = 'ceremony-frostd-dkg-member';

export const encodeDkgConfirmation = (c: DkgConfirmation): Uint8Array => toBytes({ [CONFIRMATION_TAG]: 1, verifying_key: c.verifyingKey });

/** Sent with round 1: tells our creator this member runs this app (it will confirm; a duplicate from it is harmless). */
export const encodeDkgHello = (): Uint8Array => toBytes({ [HELLO_TAG]: 1 });

export type DkgCoordinatorMessage = { readonly kind: 'hello' } | ({ readonly kind: 'confirmation' } & DkgConfirmation);

export function decodeDkgCoordinatorMessage(bytes: Uint8Array): DkgCoordinatorMessage {
  const v = parse(bytes, 'confirmation');
  if (isObject(v) && v[HELLO_TAG] === 1 && Object.keys(v).length === 1) return { kind: 'hello' };
  if (!isObject(v) || v[CONFIRMATION_TAG] !== 1 || typeof v.verifying_key !== 'string' || !parseHex(v.verifying_key))
    throw new CeremonyError('frostd/unexpected-message', 'A message on the coordinator queue is not a DKG hello or confirmation.', {});
  return { kind: 'confirmation', verifyingKey: v.verifying_key.toLowerCase() };
}
