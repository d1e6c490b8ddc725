/**
 * The trust-server's `sss-tool` (proofofcloud/trust-server e9b4393, sss-tool/src/main.rs) as pure
 * functions, for groups run in "sss-tool compatible" mode: the same derivations, the same JSON on
 * stdin/stdout, the same checks and error words, so operators with the app and operators with the
 * real binary run one genesis and one join together.
 *
 * This mode is WEAKER than the app's own protocol and is only for groups that already run it:
 * shares are sealed with AES-256-GCM keyed by the raw ECDH point (no KDF, no binding to sender,
 * recipient or session), the proofs of possession are not bound to the group, and a newcomer's
 * public key arrives unauthenticated (check it out of band). Groups made with the app default to
 * the sound protocol (../group/genesis.ts, join.ts).
 *
 * Derivations (reference: /work/shared/reference/trust-server.md §2):
 *   H2S(k)        = clamp(SHA-512(k)[0..32]) mod ℓ (the Ed25519 secret scalar of k)
 *   initKey(j)    = SHA-256("init-key" ‖ seed ‖ u64le(M) ‖ u64le(j)); a_j = H2S(initKey(j))
 *   x(moniker)    = SHA-256("actor-" ‖ moniker) as LE integer mod ℓ
 *   seal(k, P, m) = AES-256-GCM(key = compress(k·P), iv 12 random bytes) → iv ‖ ct ‖ tag
 */
import { gcm } from '@noble/ciphers/aes.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { ErrorName } from '../../../../src-shared/api/errors.ts';

/** The sss-tool failures, named after the `group/sss-tool-…` codes listed in src-shared/api/errors.ts. */
type SssToolFailure = ErrorName<'group'> extends infer N ? (N extends `sss-tool-${infer R}` ? R : never) : never;

type Point = InstanceType<typeof ed25519.Point>;
const Fn = ed25519.Point.Fn;
const B = ed25519.Point.BASE;
const L = Fn.ORDER;

/** Random bytes (tests pass a seeded source; the IVs are the only randomness after `initialize`). */
export type SssRandom = (n: number) => Uint8Array;

export interface SssToolState {
  readonly seed: Uint8Array;
  readonly moniker: string;
  /** The group's commitment C₀..C_{M−1} (shared.sss), once known. */
  readonly commitment: readonly Uint8Array[] | null;
  /** This operator's share (32-byte LE scalar), once made. */
  readonly share: Uint8Array | null;
}

function fail(code: SssToolFailure, message: string, details: Record<string, string | number> = {}): never {
  throw new CeremonyError(`group/sss-tool-${code}`, message, details);
}

function u64le(n: number): Uint8Array {
  return numberToBytesLE(BigInt(n), 8);
}

function h2s(key: Uint8Array): bigint {
  const h = sha512(key).slice(0, 32);
  h[0]! &= 248;
  h[31]! &= 63;
  h[31]! |= 64;
  return Fn.create(bytesToNumberLE(h));
}

function initKey(seed: Uint8Array, m: number, j: number): Uint8Array {
  return sha256(concatBytes(utf8ToBytes('init-key'), seed, u64le(m), u64le(j)));
}

function coefficients(seed: Uint8Array, m: number): bigint[] {
  return Array.from({ length: m }, (_, j) => h2s(initKey(seed, m, j)));
}

/** x(moniker) = SHA-256("actor-" ‖ moniker) mod ℓ, the moniker's evaluation point. */
export function sssX(moniker: string): bigint {
  return bytesToNumberLE(sha256(utf8ToBytes(`actor-${moniker}`))) % L;
}

function mulBase(k: bigint): Point {
  return k === 0n ? ed25519.Point.ZERO : B.multiply(k);
}

function mul(p: Point, k: bigint): Point {
  return k === 0n ? ed25519.Point.ZERO : p.multiply(k);
}

function evalScalar(coeffs: readonly bigint[], x: bigint): bigint {
  let r = 0n;
  for (let j = coeffs.length - 1; j >= 0; j--) r = Fn.add(Fn.mul(r, x), coeffs[j]!);
  return r;
}

function evalPoints(points: readonly Point[], x: bigint): Point {
  let r = ed25519.Point.ZERO;
  let xp = 1n;
  for (const p of points) {
    r = r.add(mul(p, xp));
    xp = Fn.mul(xp, x);
  }
  return r;
}

function decodePoint(bytes: Uint8Array, what: string, who: string): Point {
  try {
    if (bytes.length !== 32) throw new Error('length');
    return ed25519.Point.fromBytes(bytes);
  } catch {
    return fail('bad-point', `${who}: decoding EC point (${what})`, { from: who });
  }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function unb64(s: unknown, what: string, who: string): Uint8Array {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0)
    fail('bad-json', `${who}: ${what} is not standard base64`, { from: who });
  return new Uint8Array(Buffer.from(s, 'base64'));
}

function scalarLE(k: bigint): Uint8Array {
  return numberToBytesLE(k, 32);
}

function dhKey(k: bigint, p: Point): Uint8Array {
  return mul(p, k).toBytes();
}

function seal(k: bigint, p: Point, plaintext: Uint8Array, random: SssRandom): Uint8Array {
  const iv = random(12);
  return concatBytes(iv, gcm(dhKey(k, p), iv).encrypt(plaintext));
}

function open(k: bigint, p: Point, blob: Uint8Array, who: string): bigint {
  if (blob.length < 12) fail('decrypt', `shares from ${who}: dh_decrypt iv missing`, { from: who });
  let plain: Uint8Array;
  try {
    plain = gcm(dhKey(k, p), blob.slice(0, 12)).decrypt(blob.slice(12));
  } catch {
    return fail('decrypt', `shares from ${who}: dh_decrypt fail (the value was altered or not sealed for this operator)`, {
      from: who,
    });
  }
  if (plain.length !== 32) fail('decrypt', `shares from ${who}: the share is ${plain.length} bytes, not 32`, { from: who });
  return Fn.create(bytesToNumberLE(plain));
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    return fail('bad-json', `${what}: ${(e as Error).message}`, { what });
  }
}

function objectOf(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('bad-json', `${what}: expected a JSON object`, { what });
  return v as Record<string, unknown>;
}

// --- round 1 ---------------------------------------------------------------------------------

/** `initial-pub-data --m M`: my commitments and their proofs of possession (Ed25519 signatures of ""). */
export function sssInitialPubData(s: SssToolState, m: number): string {
  if (!Number.isSafeInteger(m) || m < 1) fail('bad-threshold', `--m must be a positive integer, not ${m}`);
  const pubCoeffs: string[] = [];
  const pops: string[] = [];
  for (let j = 0; j < m; j++) {
    const k = initKey(s.seed, m, j);
    pubCoeffs.push(b64(ed25519.getPublicKey(k)));
    pops.push(b64(ed25519.sign(new Uint8Array(0), k)));
  }
  return JSON.stringify({ [s.moniker]: { pub_coeffs: pubCoeffs, pops } });
}

interface PubData {
  coeffs: Point[];
  coeffBytes: Uint8Array[];
}

/** The merged round-1 JSON, every entry checked as sss-tool does (same length, PoPs with verify_strict). */
function parsePubDatas(text: string): { m: number; all: Map<string, PubData> } {
  const obj = objectOf(parseJson(text, 'pub_data'), 'pub_data');
  let m = 0;
  const all = new Map<string, PubData>();
  for (const [who, raw] of Object.entries(obj)) {
    const entry = objectOf(raw, `from ${who}`);
    const pc = entry.pub_coeffs;
    const pops = entry.pops;
    if (!Array.isArray(pc) || !Array.isArray(pops)) fail('bad-json', `from ${who}: pub_coeffs and pops must be arrays`, { from: who });
    if (m === 0) {
      m = pc.length;
      if (m === 0) fail('wrong-coeffs', `from ${who}: zero coeffs`, { from: who });
    } else if (pc.length !== m) fail('wrong-coeffs', `from ${who}: wrong number of coeffs (${pc.length}, not ${m})`, { from: who });
    if (pops.length !== pc.length) fail('bad-pop', `from ${who}: pub_coeffs and pops len do not match`, { from: who });
    const coeffBytes = pc.map((c, j) => unb64(c, `pub_coeffs[${j}]`, `from ${who}`));
    const coeffs = coeffBytes.map((c, j) => decodePoint(c, `pub_coeffs[${j}]`, `from ${who}`));
    coeffs.forEach((c, j) => {
      const sig = unb64(pops[j], `pops[${j}]`, `from ${who}`);
      // verify_strict: canonical encodings, no small-order key or R, cofactorless equation
      const r = sig.length === 64 ? safePoint(sig.slice(0, 32)) : null;
      const ok = sig.length === 64 && !c.isSmallOrder() && r !== null && !r.isSmallOrder() && verifyStrict(sig, coeffBytes[j]!);
      if (!ok) fail('bad-pop', `from ${who}: PoP mismatch (coefficient ${j})`, { from: who, coefficient: j });
    });
    all.set(who, { coeffs, coeffBytes });
  }
  return { m, all };
}

function safePoint(b: Uint8Array): Point | null {
  try {
    return ed25519.Point.fromBytes(b);
  } catch {
    return null;
  }
}

function verifyStrict(sig: Uint8Array, pub: Uint8Array): boolean {
  try {
    return ed25519.verify(sig, new Uint8Array(0), pub, { zip215: false });
  } catch {
    return false;
  }
}

// --- round 2 ---------------------------------------------------------------------------------

export interface InitCommonResult {
  readonly commitment: Uint8Array[];
  /** `common coeff j: <hex>` lines, printed before the JSON. */
  readonly lines: string[];
  /** `{"<me>":{"<peer>":"<b64>",…}}` */
  readonly json: string;
}

/** `init-common --pub-datas J1`: the group commitment (shared.sss) and my sealed share for every peer. */
export function sssInitCommon(s: SssToolState, pubDatas: string, random: SssRandom): InitCommonResult {
  const { m, all } = parsePubDatas(pubDatas);
  if (!all.has(s.moniker)) fail('not-in-quorum', `I'm not in the quorum: ${s.moniker} is not in --pub-datas`, { moniker: s.moniker });
  const a = coefficients(s.seed, m);
  const common = a.map((k) => mulBase(k));
  const out: Record<string, string> = {};
  for (const [who, d] of all) {
    if (who === s.moniker) continue;
    d.coeffs.forEach((c, j) => (common[j] = common[j]!.add(c)));
    out[who] = b64(seal(a[0]!, d.coeffs[0]!, scalarLE(evalScalar(a, sssX(who))), random));
  }
  const commitment = common.map((c) => c.toBytes());
  return {
    commitment,
    lines: commitment.map((c, j) => `common coeff ${j}: ${Buffer.from(c).toString('hex')}`),
    json: JSON.stringify({ [s.moniker]: out }),
  };
}

/** The group key (C₀) of the commitment, 32 bytes. */
export function sssGroupKey(commitment: readonly Uint8Array[]): Uint8Array {
  return commitment[0]!;
}

/** An existing operator's share (private.sss) must lie on the group polynomial of shared.sss. */
export function sssCheckShare(commitment: readonly Uint8Array[], moniker: string, share: Uint8Array, file: string): void {
  try {
    checkMyShare(commitment, moniker, bytesToNumberLE(share));
  } catch (e) {
    if (!(e instanceof CeremonyError)) throw e;
    fail(
      'share-mismatch',
      `The share in ${file} (operator ${moniker}) does not match the group commitment of shared.sss: the files are from different groups or damaged. Nothing was imported.`,
      { file, moniker },
    );
  }
}

function checkMyShare(commitment: readonly Uint8Array[], moniker: string, y: bigint): Uint8Array {
  const C = commitment.map((c) => decodePoint(c, 'commitment', 'shared.sss'));
  if (!evalPoints(C, sssX(moniker)).equals(mulBase(y)))
    fail(
      'share-check',
      'my share verification failed (the shares received do not add up to this operator’s point on the group polynomial)',
      {
        moniker,
      },
    );
  return scalarLE(y);
}

/** `init-my-share --pub-datas J1 --partial-shares J2`: my share, checked against the group commitment. */
export function sssInitMyShare(s: SssToolState, pubDatas: string, partialShares: string): Uint8Array {
  if (!s.commitment) fail('no-common-state', 'no common state: run init-common first');
  const { all } = parsePubDatas(pubDatas);
  const m = s.commitment.length;
  const a = coefficients(s.seed, m);
  const shares = objectOf(parseJson(partialShares, 'partial_shares'), 'partial_shares');
  let y = evalScalar(a, sssX(s.moniker));
  for (const [who, d] of all) {
    if (who === s.moniker) continue;
    const from = shares[who];
    if (from === undefined) fail('missing-share', `shares from ${who}: no shares`, { from: who });
    const mine = objectOf(from, `shares from ${who}`)[s.moniker];
    if (mine === undefined) fail('missing-share', `shares from ${who}: no share for me`, { from: who });
    y = Fn.add(y, open(a[0]!, d.coeffs[0]!, unb64(mine, 'share', `shares from ${who}`), who));
  }
  return checkMyShare(s.commitment, s.moniker, y);
}

// --- joins -----------------------------------------------------------------------------------

/** The newcomer's key `My public key:` (b64): initKey(seed, M, 0) as an Ed25519 public key. */
export function sssNewcomerKey(s: SssToolState): Uint8Array {
  if (!s.commitment) fail('no-common-state', 'no common state: copy the group’s shared.sss first');
  return ed25519.getPublicKey(initKey(s.seed, s.commitment.length, 0));
}

function lagrangeAt(x: bigint, me: string, quorum: readonly string[]): bigint {
  let num = 1n;
  let den = 1n;
  const xi = sssX(me);
  for (const k of quorum) {
    if (k === me) continue;
    const xk = sssX(k);
    num = Fn.mul(num, Fn.sub(x, xk));
    den = Fn.mul(den, Fn.sub(xi, xk));
  }
  return Fn.mul(num, Fn.inv(den));
}

function parseQuorum(text: string, m: number, me: string): string[] {
  const v = parseJson(text, 'quorum');
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail('bad-json', 'quorum: expected a JSON array of monikers');
  const q = [...new Set(v as string[])];
  if (q.length !== m) fail('quorum-size', `incorrect quorum actual=${q.length}, expected=${m}`, { actual: q.length, expected: m });
  if (!q.includes(me)) fail('not-in-quorum', `I'm not a part of the quorum (${me})`, { moniker: me });
  return q;
}

/** `add-new --moniker NEW --pubkey B64 --quorum JSON`: `{"<me>":"<b64>"}`, my masked part of f(x_NEW), sealed to NEW. */
export function sssAddNew(s: SssToolState, newMoniker: string, pubkeyB64: string, quorumJson: string, random: SssRandom): string {
  if (!s.commitment) fail('no-common-state', 'no common state');
  if (!s.share) fail('no-share', 'no my share: this operator has no share to approve with');
  const m = s.commitment.length;
  const quorum = parseQuorum(quorumJson, m, s.moniker);
  const C = s.commitment.map((c) => decodePoint(c, 'commitment', 'shared.sss'));
  const share = Fn.create(bytesToNumberLE(s.share));
  const newKey = decodePoint(unb64(pubkeyB64, 'pubkey', 'pubkey'), 'pubkey', 'other actor key');
  let v = Fn.mul(lagrangeAt(sssX(newMoniker), s.moniker, quorum), share);
  // Byte-wise sort, as Rust sorts Strings; the masks of each pair cancel across the quorum.
  const sorted = [...quorum].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  const unique = sha256(
    concatBytes(u64le(m), ...s.commitment, ...sorted.flatMap((k) => [utf8ToBytes(k), Uint8Array.of(0)]), utf8ToBytes(newMoniker)),
  );
  let afterMe = false;
  for (const k of sorted) {
    if (k === s.moniker) {
      afterMe = true;
      continue;
    }
    const mask = h2s(sha256(concatBytes(utf8ToBytes('mask-key'), unique, dhKey(share, evalPoints(C, sssX(k))))));
    v = afterMe ? Fn.sub(v, mask) : Fn.add(v, mask);
  }
  return JSON.stringify({ [s.moniker]: b64(seal(share, newKey, scalarLE(v), random)) });
}

/** `init-new --partial-shares JSON`: the newcomer's share from exactly M approvals, checked against the commitment. */
export function sssInitNew(s: SssToolState, partialShares: string): Uint8Array {
  if (!s.commitment) fail('no-common-state', 'no common state: copy the group’s shared.sss first');
  if (s.share) fail('already-have-share', 'Already have my share');
  const m = s.commitment.length;
  const parts = objectOf(parseJson(partialShares, 'partial_shares'), 'partial_shares');
  const n = Object.keys(parts).length;
  if (n !== m) fail('quorum-size', `incorrect quorum actual=${n}, expected=${m}`, { actual: n, expected: m });
  const C = s.commitment.map((c) => decodePoint(c, 'commitment', 'shared.sss'));
  const d = h2s(initKey(s.seed, m, 0));
  let y = 0n;
  for (const [who, blob] of Object.entries(parts)) y = Fn.add(y, open(d, evalPoints(C, sssX(who)), unb64(blob, 'share', who), who));
  return checkMyShare(s.commitment, s.moniker, y);
}

/** `info`: the lines sss-tool prints. */
export function sssInfo(s: SssToolState | null): string[] {
  if (!s) return ['Not initialized'];
  const lines = [`Moniker: ${s.moniker}`];
  if (!s.commitment) return lines;
  lines.push('Initialization ceremony complete.', `M = ${s.commitment.length}`);
  lines.push(`Shared Pubkey = ${Buffer.from(sssGroupKey(s.commitment)).toString('hex')}`);
  if (s.share) lines.push('My share initialized');
  else lines.push('My share NOT initialized', `My public key: ${b64(sssNewcomerKey(s))}`);
  return lines;
}
