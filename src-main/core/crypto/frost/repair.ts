/**
 * Repairable threshold scheme (frost-core `keys::repairable`, eprint 2017/1155): a quorum of
 * helpers rebuilds the share of participant x without anyone learning it and without changing the
 * group key. x may be a member who lost their share (repair) or a new identifier (enrollment of a
 * new member approved by the quorum: the group grows, the key and threshold stay).
 *
 *  step 1  helper i splits ζᵢ·sᵢ (its share weighted by its Lagrange coefficient at x) into one
 *          random δᵢⱼ per helper j. It sends δᵢⱼ privately to j and broadcasts δᵢⱼ·G to all.
 *  step 2  helper j checks each δᵢⱼ against i's broadcast and sends σⱼ = Σᵢ δᵢⱼ privately to x.
 *  step 3  x checks each σⱼ against the broadcasts, sums them into its share and checks the result
 *          against the group's public data.
 *
 * The broadcast commitments are our addition (frost-core has none): they let every step name the
 * helper who cheated, and they reveal nothing that Y_x = s_x·G does not already. The bare
 * frost-core functions (Delta/Sigma as raw scalars) are exported too, for interop and vectors.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { blame, normalizeKeys, sameSuite, scalarOf } from './checks.ts';
import { encodeVerifyingShares } from './dkg.ts';
import { normalizeIdentifier, sortIdentifiers, type Identifier } from './identifier.ts';
import { baseMul, defaultRng, lagrangeCoefficient, randomScalar, type Rng } from './polynomial.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId, type GroupElement } from './suites.ts';
import type { Bytes, KeyPackage, PublicKeyPackage } from './types.ts';

/**
 * The repair (or enrollment) everyone agreed on before step 1: whose share is rebuilt and which
 * members help. Public; every step checks its inputs against it.
 */
export interface RepairPlan {
  readonly suite: FrostSuiteId;
  /** The identifier whose share is rebuilt: an existing member, or a newcomer for enrollment. */
  readonly participant: Identifier;
  /** The helpers, sorted; at least the threshold, all members, not including the participant. */
  readonly helpers: readonly Identifier[];
  readonly minSigners: number;
}

/** What helper i broadcasts in step 1: δᵢⱼ·G for each helper j. Public. */
export interface RepairCommitments {
  readonly suite: FrostSuiteId;
  readonly helper: Identifier;
  readonly participant: Identifier;
  readonly deltaCommitments: Readonly<Record<Identifier, Bytes>>;
}

function helperSet(suite: FrostSuite, helpers: readonly Identifier[], participant: Identifier, minSigners: number): Identifier[] {
  const ids = helpers.map((h) => normalizeIdentifier(suite, h, 'helper identifier'));
  const sorted = sortIdentifiers(suite, new Set(ids));
  if (sorted.length !== ids.length) throw new CeremonyError('frost/duplicate-identifier', 'A helper is listed twice.', {});
  if (sorted.length < minSigners)
    throw new CeremonyError(
      'frost/repair-too-few-helpers',
      `A repair needs at least ${minSigners} helpers (the threshold) but ${sorted.length} were chosen.`,
      {
        expected: minSigners,
        received: sorted.length,
      },
    );
  if (sorted.includes(participant))
    throw new CeremonyError('frost/repair-participant-is-helper', `Participant ${participant} cannot help rebuild their own share.`, {
      culprit: participant,
    });
  return sorted;
}

/** ζᵢ: helper i's Lagrange coefficient for evaluating the shared polynomial at x. */
function zeta(suite: FrostSuite, helpers: readonly Identifier[], helper: Identifier, participant: Identifier): bigint {
  return lagrangeCoefficient(
    suite,
    helpers.map((h) => scalarOf(suite, h)),
    scalarOf(suite, helper),
    scalarOf(suite, participant),
  );
}

// ───────────── frost-core-shaped primitives (Delta / Sigma are raw scalars) ─────────────

/**
 * frost-core `repair_share_part1` (2.x `repair_share_step_1`): helper i's deltas, one per helper,
 * random except the largest helper's, which makes them sum to ζᵢ·sᵢ.
 */
export function repairShareStep1(
  helpers: readonly Identifier[],
  keyPackage: KeyPackage,
  participant: Identifier,
  rng: Rng = defaultRng,
): Record<Identifier, Bytes> {
  const suite = frostSuite(keyPackage.suite);
  const me = normalizeIdentifier(suite, keyPackage.identifier);
  const x = normalizeIdentifier(suite, participant, 'participant identifier');
  const set = helperSet(suite, helpers, x, keyPackage.minSigners);
  if (!set.includes(me))
    throw new CeremonyError('frost/repair-not-a-helper', `This participant (${me}) is not in the chosen helper set.`, { identifier: me });
  const Fn = suite.Fn;
  const target = Fn.mul(zeta(suite, set, me, x), suite.scalarFromBytes(keyPackage.signingShare, 'signing share'));
  const out: Record<Identifier, Bytes> = {};
  let sum = 0n;
  for (const j of set.slice(0, -1)) {
    const r = randomScalar(suite, rng);
    sum = Fn.add(sum, r);
    out[j] = suite.scalarToBytes(r);
  }
  out[set[set.length - 1]!] = suite.scalarToBytes(Fn.sub(target, sum));
  return out;
}

/** frost-core `repair_share_part2`: σⱼ = Σ δᵢⱼ. */
export function repairShareStep2(suiteId: FrostSuiteId, deltas: readonly Bytes[]): Bytes {
  const suite = frostSuite(suiteId);
  return suite.scalarToBytes(deltas.reduce((acc, d, i) => suite.Fn.add(acc, suite.scalarFromBytes(d, `delta #${i}`)), 0n));
}

/** The sum of sigmas: the rebuilt share (frost-core `repair_share_part3` without the packaging). */
export function combineSigmas(suiteId: FrostSuiteId, sigmas: readonly Bytes[]): Bytes {
  return repairShareStep2(suiteId, sigmas);
}

// ───────────── verified ceremony API ─────────────

/** Y_x = Σ λᵢ(x)·Yᵢ over the helpers: the verifying share any identifier x must end up with. */
export function interpolateVerifyingShare(
  publicKeyPackage: PublicKeyPackage,
  identifier: Identifier,
  helpers: readonly Identifier[],
): Bytes {
  const suite = frostSuite(publicKeyPackage.suite);
  const x = normalizeIdentifier(suite, identifier);
  const shares = normalizeKeys(suite, publicKeyPackage.verifyingShares, 'public key package');
  const set = sortIdentifiers(
    suite,
    helpers.map((h) => normalizeIdentifier(suite, h, 'helper identifier')),
  );
  let acc = suite.zero;
  for (const i of set) {
    const y = shares.get(i);
    if (!y) throw new CeremonyError('frost/repair-unknown-helper', `Helper ${i} is not a member of this group.`, { culprit: i });
    acc = acc.add(suite.elementFromBytes(y, 'verifying share').multiplyUnsafe(zeta(suite, set, i, x)));
  }
  return suite.elementToBytes(acc);
}

/**
 * The group's public key package once `identifier` holds a share: unchanged for a repair, one
 * more verifying share for an enrollment. Every member can compute it from public data.
 */
export function publicKeyPackageWithParticipant(
  publicKeyPackage: PublicKeyPackage,
  identifier: Identifier,
  helpers: readonly Identifier[],
): PublicKeyPackage {
  const suite = frostSuite(publicKeyPackage.suite);
  const x = normalizeIdentifier(suite, identifier);
  const shares = normalizeKeys(suite, publicKeyPackage.verifyingShares, 'public key package');
  if (shares.has(x)) return publicKeyPackage;
  const all = new Map<Identifier, GroupElement>();
  for (const [id, y] of shares) all.set(id, suite.elementFromBytes(y, 'verifying share'));
  all.set(x, suite.elementFromBytes(interpolateVerifyingShare(publicKeyPackage, x, helpers), 'interpolated verifying share'));
  return { ...publicKeyPackage, verifyingShares: encodeVerifyingShares(suite, all) };
}

/**
 * Validates and fixes the plan: helpers are distinct group members, at least the threshold, and
 * do not include the participant. `minSigners` is needed only for 2.x packages without it.
 */
export function createRepairPlan(
  publicKeyPackage: PublicKeyPackage,
  participant: Identifier,
  helpers: readonly Identifier[],
  options: { minSigners?: number } = {},
): RepairPlan {
  const suite = frostSuite(publicKeyPackage.suite);
  const t = publicKeyPackage.minSigners ?? options.minSigners;
  if (t === undefined)
    throw new CeremonyError(
      'frost/repair-threshold-unknown',
      'The public key package does not record the threshold; pass it explicitly.',
      {},
    );
  const x = normalizeIdentifier(suite, participant, 'participant identifier');
  const set = helperSet(suite, helpers, x, t);
  const members = normalizeKeys(suite, publicKeyPackage.verifyingShares, 'public key package');
  for (const h of set)
    if (!members.has(h))
      throw new CeremonyError('frost/repair-unknown-helper', `Helper ${h} is not a member of this group.`, { culprit: h });
  return { suite: suite.id, participant: x, helpers: set, minSigners: t };
}

function checkPlan(suite: FrostSuite, plan: RepairPlan): void {
  sameSuite(suite.id, plan);
  helperSet(suite, plan.helpers, normalizeIdentifier(suite, plan.participant), plan.minSigners);
}

/** Step 1, helper side: deltas to send privately to each helper (secret) and commitments to broadcast (public). */
export function repairHelperStep1(
  plan: RepairPlan,
  keyPackage: KeyPackage,
  rng: Rng = defaultRng,
): { deltas: Record<Identifier, Bytes>; commitments: RepairCommitments } {
  const suite = sameSuite(keyPackage.suite, plan);
  checkPlan(suite, plan);
  const deltas = repairShareStep1(plan.helpers, keyPackage, plan.participant, rng);
  const deltaCommitments: Record<Identifier, Bytes> = {};
  for (const [j, d] of Object.entries(deltas))
    deltaCommitments[j] = suite.elementToBytes(baseMul(suite, suite.scalarFromBytes(d, 'delta')));
  return {
    deltas,
    commitments: {
      suite: suite.id,
      helper: normalizeIdentifier(suite, keyPackage.identifier),
      participant: plan.participant,
      deltaCommitments,
    },
  };
}

/**
 * Checks every helper's broadcast: one from each helper, for this participant, one commitment per
 * helper, and Σⱼ δᵢⱼ·G = ζᵢ·Yᵢ (helper i really split its own weighted share). Names the helper
 * at fault. Returns the decoded commitments, by sender then recipient.
 */
export function checkRepairCommitments(
  plan: RepairPlan,
  publicKeyPackage: PublicKeyPackage,
  commitments: Readonly<Record<Identifier, RepairCommitments>>,
): Map<Identifier, Map<Identifier, GroupElement>> {
  const suite = sameSuite(publicKeyPackage.suite, plan);
  checkPlan(suite, plan);
  const byHelper = normalizeKeys(suite, commitments, 'repair commitments');
  const shares = normalizeKeys(suite, publicKeyPackage.verifyingShares, 'public key package');
  for (const i of byHelper.keys())
    if (!plan.helpers.includes(i))
      throw new CeremonyError('frost/repair-unexpected-commitments', `Got repair commitments from ${i}, who is not a helper.`, {
        culprit: i,
      });
  const points = new Map<Identifier, Map<Identifier, GroupElement>>();
  for (const i of plan.helpers) {
    const c = byHelper.get(i);
    if (!c)
      throw new CeremonyError('frost/repair-missing-commitments', `Helper ${i} has not broadcast their repair commitments.`, {
        culprit: i,
      });
    blame(i, () => {
      sameSuite(suite.id, c);
      if (normalizeIdentifier(suite, c.helper) !== i || normalizeIdentifier(suite, c.participant) !== plan.participant)
        throw new CeremonyError('frost/repair-inconsistent', `Helper ${i}'s commitments are for a different repair.`, {});
      const row = normalizeKeys(suite, c.deltaCommitments, 'delta commitments');
      if (row.size !== plan.helpers.length || plan.helpers.some((j) => !row.has(j)))
        throw new CeremonyError('frost/repair-inconsistent', `Helper ${i} did not commit to exactly one delta per helper.`, {});
      const decoded = new Map<Identifier, GroupElement>();
      let sum = suite.zero;
      for (const j of plan.helpers) {
        const p = suite.elementFromBytes(row.get(j)!, 'delta commitment');
        decoded.set(j, p);
        sum = sum.add(p);
      }
      const y = shares.get(i);
      if (!y) throw new CeremonyError('frost/repair-unknown-helper', `Helper ${i} is not a member of this group.`, {});
      const expected = suite.elementFromBytes(y, 'verifying share').multiplyUnsafe(zeta(suite, plan.helpers, i, plan.participant));
      if (!sum.equals(expected))
        throw new CeremonyError(
          'frost/repair-invalid-commitments',
          `Helper ${i}'s deltas do not add up to their share's contribution, so they are not using their real share.`,
          {},
        );
      points.set(i, decoded);
    });
  }
  return points;
}

/**
 * Step 2, helper j: checks the delta each helper sent against its broadcast (naming a cheater)
 * and returns σⱼ, to send privately to the participant.
 */
export function repairHelperStep2(
  plan: RepairPlan,
  keyPackage: KeyPackage,
  publicKeyPackage: PublicKeyPackage,
  receivedDeltas: Readonly<Record<Identifier, Bytes>>,
  commitments: Readonly<Record<Identifier, RepairCommitments>>,
): { sigma: Bytes } {
  const suite = sameSuite(keyPackage.suite, publicKeyPackage, plan);
  const me = normalizeIdentifier(suite, keyPackage.identifier);
  if (!plan.helpers.includes(me))
    throw new CeremonyError('frost/repair-not-a-helper', `This participant (${me}) is not in the helper set.`, { identifier: me });
  const points = checkRepairCommitments(plan, publicKeyPackage, commitments);
  const deltas = normalizeKeys(suite, receivedDeltas, 'deltas');
  for (const i of deltas.keys())
    if (!plan.helpers.includes(i))
      throw new CeremonyError('frost/repair-unexpected-delta', `Got a delta from ${i}, who is not a helper.`, { culprit: i });
  let sigma = 0n;
  for (const i of plan.helpers) {
    const d = deltas.get(i);
    if (!d) throw new CeremonyError('frost/repair-missing-delta', `Helper ${i} has not sent their delta.`, { culprit: i });
    const delta = blame(i, () => suite.scalarFromBytes(d, 'delta'));
    if (!baseMul(suite, delta).equals(points.get(i)!.get(me)!))
      throw new CeremonyError('frost/repair-invalid-delta', `The delta from helper ${i} does not match what they broadcast.`, {
        culprit: i,
      });
    sigma = suite.Fn.add(sigma, delta);
  }
  return { sigma: suite.scalarToBytes(sigma) };
}

/**
 * Step 3, the participant: checks each σⱼ against the broadcasts (naming a cheater), sums them
 * into the share, and checks it against the group. Returns the participant's KeyPackage and the
 * group's PublicKeyPackage, which includes the participant (added if this was an enrollment).
 */
export function repairParticipantStep3(
  plan: RepairPlan,
  publicKeyPackage: PublicKeyPackage,
  sigmas: Readonly<Record<Identifier, Bytes>>,
  commitments: Readonly<Record<Identifier, RepairCommitments>>,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  const suite = sameSuite(publicKeyPackage.suite, plan);
  const points = checkRepairCommitments(plan, publicKeyPackage, commitments);
  const received = normalizeKeys(suite, sigmas, 'sigmas');
  for (const j of received.keys())
    if (!plan.helpers.includes(j))
      throw new CeremonyError('frost/repair-unexpected-sigma', `Got a sigma from ${j}, who is not a helper.`, { culprit: j });
  let share = 0n;
  for (const j of plan.helpers) {
    const s = received.get(j);
    if (!s) throw new CeremonyError('frost/repair-missing-sigma', `Helper ${j} has not sent their sigma.`, { culprit: j });
    const sigma = blame(j, () => suite.scalarFromBytes(s, 'sigma'));
    let expected = suite.zero;
    for (const i of plan.helpers) expected = expected.add(points.get(i)!.get(j)!);
    if (!baseMul(suite, sigma).equals(expected))
      throw new CeremonyError('frost/repair-invalid-sigma', `The sigma from helper ${j} is not the sum of the deltas they received.`, {
        culprit: j,
      });
    share = suite.Fn.add(share, sigma);
  }
  const updated = publicKeyPackageWithParticipant(publicKeyPackage, plan.participant, plan.helpers);
  const verifyingShare = suite.elementToBytes(baseMul(suite, share));
  const expectedShare = normalizeKeys(suite, updated.verifyingShares, 'public key package').get(plan.participant)!;
  if (bytesToHex(expectedShare) !== bytesToHex(verifyingShare))
    throw new CeremonyError(
      'frost/repair-result-mismatch',
      `The rebuilt share for ${plan.participant} does not match the group's public data; the helpers may hold a different public key package.`,
      { identifier: plan.participant },
    );
  return {
    keyPackage: {
      suite: suite.id,
      identifier: plan.participant,
      signingShare: suite.scalarToBytes(share),
      verifyingShare,
      verifyingKey: publicKeyPackage.verifyingKey,
      minSigners: plan.minSigners,
    },
    publicKeyPackage: { ...updated, minSigners: updated.minSigners ?? plan.minSigners },
  };
}
