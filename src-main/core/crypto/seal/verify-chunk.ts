import { CeremonyError } from '../../errors.ts';
import { loadMcl } from '../bls-backend/mcl-module.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';
import { loadMcMath } from './fast/mcl-math.ts';
import { verifyChunkFast } from './fast/verify-chunk-fast.ts';
import type { BlsBackendName } from '../bls-backend/types.ts';
import { type SignatureItem, verifyBatch, verifyDecoded } from './bls-signature.ts';
import { complaintWire, decodeDlNizk, decodeMultiRecipient } from './codec.ts';
import { createRecoveryPackage, decryptWithSharedPoint, gHat, type MultiRecipientEncryption } from './ecies.ts';
import { Fr, randomBatchCoefficients, scalarFromBytes } from './field.ts';
import { affineOf, evalAffinePolyAt, sumAffine } from './g2-fast.ts';
import { type Fp2, G1, type G1Point, G2, type G2Point, msm, mul, mulBase, toWire, type WirePoint } from './groups.ts';
import { batchRelationsVanish, ddhVerificationTerms, type DlNizk, dlVerificationTerms, type LinearTerms } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { isolateOps, type OpCounts } from './ops.ts';
import { type ParsedSignedMessage, parseExact, parseSignedMessage, SealBcs, signaturePayload } from './wire.ts';

/**
 * The expensive half of `process-all-and-propose` for a contiguous run of messages (sorted by
 * sender): decode every point, then apply upstream's checks in upstream's order —
 * signature, rotation dealer check, proof of knowledge, sanity checks (incl. the DDH proof),
 * decryption, Feldman check — each check batched over the run with random coefficients and
 * re-run per message only when the batch fails. Runs inline or in a worker thread.
 */

export type MessageCheck = 'sender' | 'signature' | 'rotation-dealer' | 'proof-of-knowledge' | 'sanity' | 'decryption' | 'feldman';

export interface ChunkMessage {
  bytes: Uint8Array;
  /** The sender's registered signing key; null when the sender is not a committee member. */
  signingPk: Uint8Array | null;
  /** Rotation: the dealer's old partial key, which must equal its constant commitment. */
  expectedC0: Uint8Array | null;
  /** 1 in a fresh DKG; the dealer's Lagrange coefficient (old indices) in a rotation. */
  weight: bigint;
}

export interface VerifyChunkArgs {
  roPrefix: string;
  committeeId: Uint8Array;
  threshold: number;
  parties: number;
  myPartyId: number;
  /**
   * My ECIES secret key; null for a public check (a relay, which holds no share): every check
   * but the decryption and Feldman check of a share, and no share sum.
   */
  encSk: bigint | null;
  rotation: boolean;
  messages: ChunkMessage[];
}

export interface ChunkFailure {
  position: number;
  sender: number;
  /** 'encoding': a point or field failed to decode — upstream rejects such a file before any check. */
  check: MessageCheck | 'encoding';
  reason: string;
  /** bcs(Complaint) when the check was decryption or Feldman. */
  complaint?: Uint8Array;
}

export interface VerifyChunkResult {
  /** The BLS12-381 backend this thread decoded the points with. */
  backend: BlsBackendName;
  failure?: ChunkFailure;
  /** Σ weight·vss_pk[k] over the run, k = 0..t−1 (absent on failure). */
  commitmentSum?: WirePoint<Fp2>[];
  /** Σ weight·share over the run. */
  shareSum?: bigint;
  ops: OpCounts;
}

interface Item {
  position: number;
  sender: number;
  input: ChunkMessage;
  parsed: ParsedSignedMessage;
  vss: G2Point[];
  enc: MultiRecipientEncryption<G1Point>;
  pop: DlNizk<G2Point>;
  failed?: { check: MessageCheck; reason: string };
  sharedPoint?: G1Point;
  share?: bigint;
}

export async function verifyChunk(args: VerifyChunkArgs): Promise<VerifyChunkResult> {
  const backend = await prepareBlsBackend();
  // Off the noble reference backend, the run is first checked on mcl; a run that does not pass
  // every batched check there is checked again here, which names the culprit.
  const fast = backend === 'noble' ? undefined : await loadMcMath(loadMcl);
  const { value, ops } = isolateOps(() => (fast && verifyChunkFast(args, fast)) || verifyChunkReference(args));
  return { ...value, ops, backend };
}

function senderOf(bytes: Uint8Array): number {
  return bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : -1;
}

/** The reference (noble) path: every check per message in upstream order, naming the first failure. */
export function verifyChunkReference(a: VerifyChunkArgs): Omit<VerifyChunkResult, 'ops' | 'backend'> {
  const oracles = DkgOracles.fromPrefix(a.roPrefix);
  const me = a.myPartyId;

  // Decoding: upstream deserializes every file before processing any, so an undecodable point in
  // any message wins over every check failure.
  const items: Item[] = [];
  for (let position = 0; position < a.messages.length; position++) {
    const input = a.messages[position]!;
    try {
      const parsed = parseSignedMessage(input.bytes);
      const w = parsed.wire;
      const what = `message from party ${w.message.sender}`;
      items.push({
        position,
        sender: w.message.sender,
        input,
        parsed,
        vss: w.message.vssPk.map((b, k) => G2.decode(b, `${what} (commitment ${k})`)),
        enc: decodeMultiRecipient(G1, w.message.encryptedShares, what),
        pop: decodeDlNizk(w.nizkProof, what),
      });
    } catch (e) {
      if (!(e instanceof CeremonyError)) throw e;
      return { failure: { position, sender: senderOf(input.bytes), check: 'encoding', reason: e.message } };
    }
  }

  const fail = (it: Item, check: MessageCheck, reason: string) => {
    it.failed ??= { check, reason };
  };
  const alive = () => items.filter((it) => !it.failed);

  /** Runs one batched check; on batch failure re-checks each message alone to find the culprits. */
  const batched = <T>(
    list: { it: Item; data: T }[],
    all: (data: T[]) => boolean,
    one: (data: T) => boolean,
    check: MessageCheck,
    reason: string,
  ) => {
    if (list.length === 0) return;
    if (list.length > 1 && all(list.map((x) => x.data))) return;
    for (const { it, data } of list) if (!one(data)) fail(it, check, reason);
  };

  // 1. The sender must be a member (upstream: "Signing public key not found for party").
  for (const it of alive()) if (!it.input.signingPk) fail(it, 'sender', `party ${it.sender} is not a member of this committee`);

  // 2. BLS min-sig signature over (domain, committee id, message, proof of knowledge).
  const sigItems: { it: Item; data: SignatureItem }[] = [];
  for (const it of alive()) {
    try {
      sigItems.push({
        it,
        data: {
          pk: G2.decode(it.input.signingPk!, 'signing key'),
          sig: G1.decode(it.parsed.wire.signature, 'signature'),
          hashed: G1.hash(signaturePayload(a.committeeId, it.parsed.messageBytes, it.parsed.nizkBytes)),
        },
      });
    } catch {
      fail(it, 'signature', 'the signature or the registered signing key is not a valid point');
    }
  }
  batched(
    sigItems,
    (d) => verifyBatch(d, randomBatchCoefficients(d.length)),
    verifyDecoded,
    'signature',
    "the signature does not verify under the sender's registered signing key",
  );

  // 3. Rotation: the dealt secret must be the dealer's old share, i.e. c0 = old partial key.
  if (a.rotation) {
    for (const it of alive()) {
      const c0 = it.parsed.wire.message.vssPk[0];
      const expected = it.input.expectedC0;
      if (!c0 || !expected || c0.length !== expected.length || !c0.every((b, k) => b === expected[k])) {
        fail(it, 'rotation-dealer', "the constant commitment is not the dealer's partial key in the old committee");
      }
    }
  }

  // 4. Proof of knowledge of the constant term (DL-NIZK in G2, oracle of the sender's id).
  const popItems: { it: Item; data: LinearTerms<G2Point> }[] = [];
  for (const it of alive()) {
    const terms = it.vss[0] ? dlVerificationTerms(G2, it.pop, it.vss[0], oracles.proofOfKnowledge(it.sender)) : undefined;
    if (terms) popItems.push({ it, data: terms });
    else fail(it, 'proof-of-knowledge', 'the constant commitment is missing or the identity');
  }
  batched(
    popItems,
    (d) => batchRelationsVanish(G2, d, randomBatchCoefficients(d.length)),
    (d) => batchRelationsVanish(G2, [d], [1n]),
    'proof-of-knowledge',
    'the proof of knowledge of the dealt secret does not verify',
  );

  // 5. fastcrypto sanity_check_message: degree, non-zero c0, one ciphertext per member, DDH proof,
  //    non-empty ciphertexts (in that order).
  const ddhItems: { it: Item; data: LinearTerms<G1Point>[] }[] = [];
  for (const it of alive()) {
    if (it.vss.length !== a.threshold) {
      fail(it, 'sanity', `expected ${a.threshold} commitments (the threshold), got ${it.vss.length}`);
      continue;
    }
    if (it.vss[0]!.is0()) {
      fail(it, 'sanity', 'the constant commitment is the identity');
      continue;
    }
    if (it.enc.encs.length !== a.parties) {
      fail(it, 'sanity', `expected ${a.parties} encrypted shares, got ${it.enc.encs.length}`);
      continue;
    }
    const encRo = oracles.encryption(it.sender);
    const terms = ddhVerificationTerms(G1, it.enc.proof, gHat(G1, encRo, it.enc.c), it.enc.c, it.enc.cHat, encRo.extend('zk'));
    if (!terms) fail(it, 'sanity', 'the encryption proof has an identity element');
    else ddhItems.push({ it, data: [terms.first, terms.second] });
  }
  batched(
    ddhItems,
    (d) => {
      const rels = d.flat();
      return batchRelationsVanish(G1, rels, randomBatchCoefficients(rels.length));
    },
    (d) => batchRelationsVanish(G1, d, randomBatchCoefficients(d.length)),
    'sanity',
    'the proof that the shares were encrypted with one ephemeral key does not verify',
  );
  for (const it of alive()) if (it.enc.encs.some((e) => e.length === 0)) fail(it, 'sanity', 'an encrypted share is empty');

  // 6. Decrypt my share: bcs(Vec<Scalar>) with exactly one canonical scalar.
  const encSk = a.encSk;
  for (const it of encSk === null ? [] : alive()) {
    const shared = mul(G1, it.enc.c, encSk!);
    it.sharedPoint = shared;
    const plain = decryptWithSharedPoint(G1, it.enc, shared, oracles.encryption(it.sender), me);
    try {
      const shares = parseExact(SealBcs.ScalarVec, plain, 'decrypted share');
      if (shares.length !== 1) throw new Error(`${shares.length} shares instead of one`);
      it.share = scalarFromBytes(shares[0]!, 'decrypted share');
    } catch (e) {
      fail(it, 'decryption', `my encrypted share does not decrypt to one scalar (${(e as Error).message})`);
    }
  }

  // 7. Feldman: G2·share = Σ_k vss_pk[k]·(my index)^k, batched as fastcrypto batches evaluations.
  const x = me + 1;
  const feldman = (encSk === null ? [] : alive()).map((it) => ({
    it,
    data: { e: evalAffinePolyAt(it.vss.map(affineOf), x), s: it.share! },
  }));
  const relation = (d: { e: G2Point; s: bigint }): LinearTerms<G2Point> => ({ points: [d.e], scalars: [1n], baseScalar: Fr.neg(d.s) });
  batched(
    feldman,
    (d) => batchRelationsVanish(G2, d.map(relation), randomBatchCoefficients(d.length)),
    (d) => mulBase(G2, d.s).equals(d.e),
    'feldman',
    'my decrypted share does not match the published commitments',
  );

  const first = items.find((it) => it.failed);
  if (first) {
    const failure: ChunkFailure = {
      position: first.position,
      sender: first.sender,
      check: first.failed!.check,
      reason: first.failed!.reason,
    };
    if (failure.check === 'decryption' || failure.check === 'feldman') {
      const pkg = createRecoveryPackage(G1, first.enc.c, encSk!, oracles.recovery(me, first.sender), undefined, first.sharedPoint);
      failure.complaint = SealBcs.Complaint.serialize(complaintWire(G1, first.sender, pkg)).toBytes();
    }
    return { failure };
  }

  // Aggregate this run's contribution to the joint commitment and to my share.
  const t = a.threshold;
  const fresh = items.every((it) => it.input.weight === 1n);
  const commitmentSum: G2Point[] = [];
  for (let k = 0; k < t; k++) {
    const column = items.map((it) => it.vss[k]!);
    commitmentSum.push(
      fresh
        ? sumAffine(column.map(affineOf))
        : msm(
            G2,
            column,
            items.map((it) => Fr.create(it.input.weight)),
          ),
    );
  }
  if (encSk === null) return { commitmentSum: commitmentSum.map((p) => toWire(p)) };
  let shareSum = 0n;
  for (const it of items) shareSum = Fr.add(shareSum, Fr.mul(Fr.create(it.input.weight), it.share!));
  return { commitmentSum: commitmentSum.map((p) => toWire(p)), shareSum };
}
