import { ddhChallengeOfEncodings, dlChallengeOfEncodings } from '../nizk.ts';
import { decryptWithSharedEncoding } from '../ecies.ts';
import { Fr, randomBatchCoefficients, scalarFromBytes } from '../field.ts';
import { G1, G2 } from '../groups.ts';
import { DkgOracles } from '../oracles.ts';
import type { VerifyChunkArgs, VerifyChunkResult } from '../verify-chunk.ts';
import { parseExact, SealBcs, signaturePayload } from '../wire.ts';
import { parseSignedMessageFast } from './wire-fast.ts';
import { evalPolysLockstep, sumColumnsLockstep } from './affine-horner.ts';
import type { McG1, McG2, McMath } from './mcl-math.ts';

/**
 * The happy path of verifyChunk on mcl: every check upstream makes (sender, signature, rotation
 * dealer, proof of knowledge, sanity with the DDH proof, decryption, Feldman), each batched over
 * the whole run with fresh random coefficients, and the run's sums. It answers only "all pass",
 * with the sums; anything else (a point that does not decode, an identity where none may be, any
 * batch that fails) returns undefined and the caller re-runs the run on the noble reference path,
 * which finds and names the culprit, builds the complaint, and words the refusal exactly as
 * before. A batched check that passes implies each message passes (except with probability about
 * 2^-64 per batch), so both paths accept the same runs.
 */
type Outcome = Omit<VerifyChunkResult, 'ops' | 'backend'>;

const G1_GEN = G1.encode(G1.generator);
const G2_GEN = G2.encode(G2.generator);

interface FastItem {
  sender: number;
  vss: McG2[];
  share?: bigint;
}

export function verifyChunkFast(a: VerifyChunkArgs, m: McMath): Outcome | undefined {
  const { mcl } = m;
  const oracles = DkgOracles.fromPrefix(a.roPrefix);
  const me = a.myPartyId;
  const items: FastItem[] = [];
  const sigs: McG1[] = [];
  const hashed: McG1[] = [];
  const signingPks: McG2[] = [];
  const popPoints: McG2[] = [];
  const popScalars: bigint[] = [];
  const popZ: bigint[] = [];
  const ddhRelations: { points: McG1[]; scalars: bigint[]; base: bigint; h?: McG1 }[] = [];
  const cs: McG1[] = [];
  const encsList: Uint8Array[][] = [];

  for (const input of a.messages) {
    const parsed = parseSignedMessageFast(input.bytes);
    if (!parsed) return undefined;
    const w = parsed.wire;
    const sender = w.message.sender;
    const vss: McG2[] = [];
    for (const b of w.message.vssPk) {
      const p = m.g2(b);
      if (!p) return undefined;
      vss.push(p);
    }
    const e = w.message.encryptedShares;
    const c = m.g1(e.c);
    const cHat = m.g1(e.cHat);
    const pa = m.g1(e.proof.a);
    const pb = m.g1(e.proof.b);
    const popA = m.g2(w.nizkProof.a);
    if (!c || !cHat || !pa || !pb || !popA) return undefined;
    let ddhZ: bigint;
    let popz: bigint;
    try {
      ddhZ = scalarFromBytes(e.proof.z);
      popz = scalarFromBytes(w.nizkProof.z);
    } catch {
      return undefined;
    }

    // 1. Sender, 2. signature (terms collected for one batch below).
    if (!input.signingPk) return undefined;
    const pk = m.g2(input.signingPk);
    const sig = m.g1(w.signature);
    if (!pk || !sig || pk.isZero() || sig.isZero()) return undefined;
    signingPks.push(pk);
    sigs.push(sig);
    hashed.push(m.hashG1(signaturePayload(a.committeeId, parsed.messageBytes, parsed.nizkBytes)));

    // 3. Rotation: the constant commitment is the dealer's old partial key, byte for byte.
    if (a.rotation) {
      const c0 = w.message.vssPk[0];
      const expected = input.expectedC0;
      if (!c0 || !expected || c0.length !== expected.length || !c0.every((b, k) => b === expected[k])) return undefined;
    }

    // 4. Proof of knowledge of the constant term: A + c·X − z·G2 = 0.
    if (!vss[0] || vss[0].isZero()) return undefined;
    const popC = dlChallengeOfEncodings(G2_GEN, w.message.vssPk[0]!, w.nizkProof.a, oracles.proofOfKnowledge(sender));
    popPoints.push(popA, vss[0]);
    popScalars.push(1n, popC);
    popZ.push(popz);

    // 5. Sanity: degree, one ciphertext per member, the DDH proof, no empty ciphertext.
    if (vss.length !== a.threshold || e.encs.length !== a.parties || e.encs.some((x) => x.length === 0)) return undefined;
    const encRo = oracles.encryption(sender);
    const h = m.hashG1(encRo.extend('g_hat').evaluate(e.c));
    if (h.isZero() || c.isZero() || cHat.isZero()) return undefined;
    const ddhC = ddhChallengeOfEncodings(G1_GEN, h.serialize(), e.c, e.cHat, e.proof.a, e.proof.b, encRo.extend('zk'));
    const negZ = Fr.neg(ddhZ);
    // a + c·xG − z·G1 = 0 and b + c·xH − z·h = 0.
    ddhRelations.push({ points: [pa, c], scalars: [1n, ddhC], base: negZ });
    ddhRelations.push({ points: [pb, cHat, h], scalars: [1n, ddhC, negZ], base: 0n });
    cs.push(c);
    encsList.push(e.encs);
    items.push({ sender, vss });
  }
  const n = items.length;
  if (n === 0) return undefined;

  // Signatures: e(Σ ρ_i·σ_i, −G2) · Π e(ρ_i·H(m_i), pk_i) = 1.
  const rhoSig = randomBatchCoefficients(n);
  const sigSum = m.msm(sigs, rhoSig, new mcl.G1());
  if (sigSum.isZero()) return undefined;
  const pairs = hashed.map((hm, i) => ({ g1: mcl.mul(hm, m.fr(rhoSig[i]!)), g2: signingPks[i]! }));
  pairs.push({ g1: sigSum, g2: m.g2NegGen });
  if (!m.pairingProductIsOne(pairs)) return undefined;

  // Proofs of knowledge, batched in G2: Σ ρ_i·A_i + Σ ρ_i·c_i·X_i + G2·Σ ρ_i·(−z_i) = 0. With a
  // share to check, the sum is checked together with the Feldman sum below (another random
  // combination of another equation: both hold, or the total fails but with probability 2^-64),
  // which saves a multiplication of G2 and an MSM per run.
  const rhoPop = randomBatchCoefficients(n);
  const g2Points: McG2[] = popPoints;
  const g2Scalars = popScalars.map((s, j) => Fr.mul(rhoPop[j >> 1]!, s));
  let g2Base = popZ.reduce((acc, z, i) => Fr.add(acc, Fr.mul(rhoPop[i]!, Fr.neg(z))), 0n);
  const g2SumVanishes = () => mcl.add(m.msm(g2Points, g2Scalars, new mcl.G2()), mcl.mul(m.g2Gen, m.fr(g2Base))).isZero();
  if (a.encSk === null && !g2SumVanishes()) return undefined;

  // DDH proofs, batched in G1 (h varies per message, so it is one more MSM point).
  const rhoDdh = randomBatchCoefficients(ddhRelations.length);
  const ddhPoints: McG1[] = [];
  const ddhScalars: bigint[] = [];
  let ddhBase = 0n;
  ddhRelations.forEach((rel, j) => {
    rel.points.forEach((p, i) => {
      ddhPoints.push(p);
      ddhScalars.push(Fr.mul(rhoDdh[j]!, rel.scalars[i]!));
    });
    ddhBase = Fr.add(ddhBase, Fr.mul(rhoDdh[j]!, rel.base));
  });
  const ddhSum = mcl.add(m.msm(ddhPoints, ddhScalars, new mcl.G1()), mcl.mul(m.g1Gen, m.fr(ddhBase)));
  if (!ddhSum.isZero()) return undefined;

  // 6. Decrypt my share: exactly one canonical scalar. 7. Feldman, batched.
  const encSk = a.encSk;
  if (encSk !== null) {
    const sk = m.fr(encSk);
    for (let i = 0; i < n; i++) {
      const shared = m.mulSecret(cs[i]!, sk);
      const plain = decryptWithSharedEncoding(encsList[i]!, shared.serialize(), oracles.encryption(items[i]!.sender), me);
      try {
        const shares = parseExact(SealBcs.ScalarVec, plain, 'decrypted share');
        if (shares.length !== 1) return undefined;
        items[i]!.share = scalarFromBytes(shares[0]!, 'decrypted share');
      } catch {
        return undefined;
      }
    }
    // Feldman: Σ ρ_i·V_i(me + 1) − G2·Σ ρ_i·s_i = 0, added to the proofs' sum.
    const rho = randomBatchCoefficients(n);
    const evals = evalPolysLockstep(
      m,
      items.map((it) => ({ coeffs: it.vss, x: me + 1 })),
    );
    evals.forEach((e, i) => {
      g2Points.push(e);
      g2Scalars.push(rho[i]!);
      g2Base = Fr.sub(g2Base, Fr.mul(rho[i]!, items[i]!.share!));
    });
    if (!g2SumVanishes()) return undefined;
  }

  // This run's contribution to the joint commitment and to my share.
  const fresh = a.messages.every((x) => x.weight === 1n);
  const columns = Array.from({ length: a.threshold }, (_, k) => items.map((it) => it.vss[k]!));
  const commitmentSum = (
    fresh
      ? sumColumnsLockstep(m, columns)
      : columns.map((column) =>
          m.msm(
            column,
            a.messages.map((x) => Fr.create(x.weight)),
            new mcl.G2(),
          ),
        )
  ).map((p) => m.toWire(p));
  if (encSk === null) return { commitmentSum };
  let shareSum = 0n;
  items.forEach((it, i) => (shareSum = Fr.add(shareSum, Fr.mul(Fr.create(a.messages[i]!.weight), it.share!))));
  return { commitmentSum, shareSum };
}
