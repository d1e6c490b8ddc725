import { ctr } from '@noble/ciphers/aes.js';
import { CeremonyError } from '../../errors.ts';
import { randomNonZeroScalar, randomScalar, type RandomSource, systemRandom } from './field.ts';
import { type AnyPoint, type Group, mul, mulBase } from './groups.ts';
import { createDdhNizk, type DdhTupleNizk, verifyDdhNizk } from './nizk.ts';
import type { RandomOracle } from './random-oracle.ts';

/**
 * fastcrypto-tbls ecies_v1: multi-recipient ECIES over a generic group with AES-256-CTR.
 *   c = rG,  ĝ = hash_to_group(RO("…-g_hat")(c)),  ĉ = rĝ,  proof = DDH-NIZK(G, ĝ, c, ĉ) under "…-zk"
 *   k_i = RO("…-encs")(bcs((i as u64, r·pk_i)))[0..32],  enc_i = AES-256-CTR(k_i, IV = 0^16, m_i)
 * No MAC: integrity of shares comes from the Feldman check of the DKG.
 */

export interface MultiRecipientEncryption<Pt extends AnyPoint> {
  c: Pt;
  cHat: Pt;
  encs: Uint8Array[];
  proof: DdhTupleNizk<Pt>;
}

export interface RecoveryPackage<Pt extends AnyPoint> {
  ephemeralKey: Pt;
  proof: DdhTupleNizk<Pt>;
}

export interface EciesKeyPair<Pt extends AnyPoint> {
  sk: bigint;
  pk: Pt;
}

export function generateEciesKeyPair<Pt extends AnyPoint>(g: Group<Pt>, rng: RandomSource = systemRandom): EciesKeyPair<Pt> {
  const sk = randomNonZeroScalar(rng);
  return { sk, pk: mulBase(g, sk) };
}

const ZERO_IV = new Uint8Array(16);

/** AES-256-CTR with a zero IV and a 128-bit big-endian counter (RustCrypto Ctr128BE). */
function aesCtr(key64: Uint8Array, data: Uint8Array): Uint8Array {
  return ctr(key64.subarray(0, 32), ZERO_IV).encrypt(data);
}

function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

/** RO("…-encs")(bcs((receiver_index as usize, shared point))). */
function symmetricKey(encsRo: RandomOracle, receiverIndex: number, sharedEncoding: Uint8Array): Uint8Array {
  const input = new Uint8Array(8 + sharedEncoding.length);
  input.set(u64le(receiverIndex), 0);
  input.set(sharedEncoding, 8);
  return encsRo.evaluate(input);
}

export function gHat<Pt extends AnyPoint>(g: Group<Pt>, encryptionRo: RandomOracle, c: Pt): Pt {
  return g.hash(encryptionRo.extend('g_hat').evaluate(g.encode(c)));
}

export function encryptMultiRecipient<Pt extends AnyPoint>(
  g: Group<Pt>,
  recipients: readonly { pk: Pt; message: Uint8Array }[],
  encryptionRo: RandomOracle,
  rng: RandomSource = systemRandom,
): MultiRecipientEncryption<Pt> {
  const r = randomScalar(rng);
  const c = mulBase(g, r);
  const h = gHat(g, encryptionRo, c);
  const cHat = h.multiply(r) as Pt;
  const proof = createDdhNizk(g, r, h, c, cHat, encryptionRo.extend('zk'), rng);
  const encsRo = encryptionRo.extend('encs');
  const encs = recipients.map(({ pk, message }, i) => aesCtr(symmetricKey(encsRo, i, g.encode(mul(g, pk, r))), message));
  return { c, cHat, encs, proof };
}

/** The DDH proof ties ĉ to c; fastcrypto also requires every ciphertext to be non-empty. */
export function verifyMultiRecipient<Pt extends AnyPoint>(
  g: Group<Pt>,
  e: MultiRecipientEncryption<Pt>,
  encryptionRo: RandomOracle,
): boolean {
  const h = gHat(g, encryptionRo, e.c);
  if (!verifyDdhNizk(g, e.proof, h, e.c, e.cHat, encryptionRo.extend('zk'))) return false;
  return e.encs.every((x) => x.length > 0);
}

/** Decrypts slot `receiverIndex` with the receiver's secret key (call after verifying). */
export function decryptMultiRecipient<Pt extends AnyPoint>(
  g: Group<Pt>,
  e: Pick<MultiRecipientEncryption<Pt>, 'c' | 'encs'>,
  sk: bigint,
  encryptionRo: RandomOracle,
  receiverIndex: number,
): Uint8Array {
  return decryptWithSharedPoint(g, e, mul(g, e.c, sk), encryptionRo, receiverIndex);
}

export function decryptWithSharedPoint<Pt extends AnyPoint>(
  g: Group<Pt>,
  e: Pick<MultiRecipientEncryption<Pt>, 'encs'>,
  shared: Pt,
  encryptionRo: RandomOracle,
  receiverIndex: number,
): Uint8Array {
  return decryptWithSharedEncoding(e.encs, g.encode(shared), encryptionRo, receiverIndex);
}

/** The same with the shared point already encoded (for callers that computed it outside noble). */
export function decryptWithSharedEncoding(
  encs: readonly Uint8Array[],
  sharedEncoding: Uint8Array,
  encryptionRo: RandomOracle,
  receiverIndex: number,
): Uint8Array {
  const ct = encs[receiverIndex];
  if (ct === undefined) throw new Error('receiver index out of range');
  return aesCtr(symmetricKey(encryptionRo.extend('encs'), receiverIndex, sharedEncoding), ct);
}

/**
 * A receiver reveals its shared point c·sk for one encryption with a DDH proof that it used its
 * registered key: DDH-NIZK(G, c, pk, c·sk) under the recovery oracle. Complaints carry this.
 */
export function createRecoveryPackage<Pt extends AnyPoint>(
  g: Group<Pt>,
  c: Pt,
  sk: bigint,
  recoveryRo: RandomOracle,
  rng: RandomSource = systemRandom,
  sharedPoint?: Pt,
): RecoveryPackage<Pt> {
  const pk = mulBase(g, sk);
  const ephemeralKey = sharedPoint ?? mul(g, c, sk);
  return { ephemeralKey, proof: createDdhNizk(g, sk, c, pk, ephemeralKey, recoveryRo, rng) };
}

export function verifyRecoveryPackage<Pt extends AnyPoint>(
  g: Group<Pt>,
  c: Pt,
  pkg: RecoveryPackage<Pt>,
  receiverPk: Pt,
  recoveryRo: RandomOracle,
): boolean {
  return verifyDdhNizk(g, pkg.proof, c, receiverPk, pkg.ephemeralKey, recoveryRo);
}

/** Anyone can decrypt slot `receiverIndex` with a valid recovery package (complaint checking). */
export function decryptWithRecoveryPackage<Pt extends AnyPoint>(
  g: Group<Pt>,
  e: Pick<MultiRecipientEncryption<Pt>, 'c' | 'encs'>,
  pkg: RecoveryPackage<Pt>,
  recoveryRo: RandomOracle,
  encryptionRo: RandomOracle,
  receiverPk: Pt,
  receiverIndex: number,
): Uint8Array {
  if (!verifyRecoveryPackage(g, e.c, pkg, receiverPk, recoveryRo)) {
    throw new CeremonyError('seal/bad-recovery-package', 'The recovery package does not prove the revealed key belongs to the receiver.', {
      receiverIndex,
    });
  }
  return decryptWithSharedPoint(g, e, pkg.ephemeralKey, encryptionRo, receiverIndex);
}
