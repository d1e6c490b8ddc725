/**
 * Genesis of a group: FROST's Pedersen DKG (frost-core `keys::dkg`, used as a library) with
 * moniker-derived identifiers, a proof of knowledge bound to the agreed roster, and every dealt
 * share sealed to its recipient (envelope.ts). Three rounds, each a pure function:
 *
 *  round 1   each operator deals a random polynomial of degree M−1 (from its genesis seed, so a
 *            re-run after a crash deals the same one), broadcasts the commitment φ₀..φ_{M−1} and a
 *            proof of knowledge of a₀ bound to the roster fingerprint;
 *  round 2   after checking every round-1 package, seals fᵢ(xₖ) to each other operator k;
 *  finalise  opens each share, checks it against its dealer's commitment (naming the dealer if it
 *            does not match), sums them into the signing share and derives the group key
 *            Y = Σ φᵢ,₀ and the aggregate commitment Cⱼ = Σᵢ φᵢ,ⱼ (trust-server's shared.sss).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { dkgPart3, round1SecretPackageFromCoefficients, sharesForOthers, verifyShareFrom } from '../frost/dkg.ts';
import { randomScalar } from '../frost/polynomial.ts';
import { seededRng } from '../frost/rng.ts';
import type { GroupElement } from '../frost/suites.ts';
import type { KeyPackage, PublicKeyPackage, Round1Package, Round1SecretPackage, Round2Package } from '../frost/types.ts';
import { openEnvelope, sealEnvelope, type EnvelopeContext } from './envelope.ts';
import type { IdentityKeys, IdentityPublic } from './identity.ts';
import { monikerIdentifier } from './moniker.ts';
import { proveKnowledge, verifyKnowledge } from './pok.ts';
import { GROUP_SUITE as S, GROUP_SUITE_ID } from './suite.ts';

/** What an operator broadcasts in round 1 (hex). */
export type Round1Public = {
  readonly commitment: readonly string[];
  readonly proof: string;
};

export interface GenesisSession {
  readonly groupId: string;
  readonly rosterFingerprint: string;
  readonly threshold: number;
  /** Number of operators, N. */
  readonly size: number;
}

/** Round 1: the dealer's secret package (re-derivable from `seed`) and its public broadcast. */
export function genesisRound1(
  session: GenesisSession,
  moniker: string,
  seed: Uint8Array,
): { secret: Round1SecretPackage; broadcast: Round1Public } {
  const rng = seededRng(seed, 'group/genesis/coefficients');
  const coefficients = Array.from({ length: session.threshold }, () => randomScalar(S, rng));
  const id = monikerIdentifier(moniker);
  const secret = round1SecretPackageFromCoefficients(GROUP_SUITE_ID, id, session.size, session.threshold, coefficients);
  const proof = proveKnowledge(session.rosterFingerprint, id, coefficients[0]!, seededRng(seed, 'group/genesis/proof'));
  return { secret, broadcast: { commitment: secret.commitment.map((c) => bytesToHex(c)), proof: bytesToHex(proof) } };
}

function malformed(moniker: string, what: string): CeremonyError {
  return new CeremonyError('group/malformed-round1', `The round-1 package from ${moniker} is malformed (${what}).`, { culprit: moniker });
}

/**
 * Checks one operator's round-1 broadcast: M commitment points in the prime-order subgroup and a
 * proof of knowledge bound to this roster. Names `moniker` on failure. Returns the points.
 */
export function checkGenesisRound1(session: GenesisSession, moniker: string, pkg: Round1Public): GroupElement[] {
  if (!pkg || !Array.isArray(pkg.commitment) || typeof pkg.proof !== 'string') throw malformed(moniker, 'missing fields');
  if (pkg.commitment.length !== session.threshold)
    throw new CeremonyError(
      'group/threshold-mismatch',
      `${moniker} dealt a polynomial for a threshold of ${pkg.commitment.length}, but this group uses ${session.threshold}; everyone must use the agreed threshold.`,
      { culprit: moniker, expected: session.threshold, received: pkg.commitment.length },
    );
  const points = pkg.commitment.map((c, j) => {
    if (typeof c !== 'string' || !/^[0-9a-f]{64}$/.test(c)) throw malformed(moniker, `commitment #${j} is not 32-byte hex`);
    try {
      return S.elementFromBytes(hexToBytes(c), `commitment #${j}`);
    } catch {
      throw malformed(moniker, `commitment #${j} is not a valid point of the prime-order group`);
    }
  });
  if (!/^[0-9a-f]{128}$/.test(pkg.proof)) throw malformed(moniker, 'the proof is not 64-byte hex');
  verifyKnowledge(session.rosterFingerprint, moniker, monikerIdentifier(moniker), points[0]!, hexToBytes(pkg.proof));
  return points;
}

function shareContext(session: GenesisSession, from: string, to: string): EnvelopeContext {
  return { groupId: session.groupId, purpose: 'genesis-share', from, to, session: session.rosterFingerprint };
}

/**
 * Round 2: seals fᵢ(xₖ) for every other operator. `recipients` are the other members with their
 * encryption keys. Deterministic given `seed`. Returns envelopes by recipient moniker.
 */
export function genesisRound2(
  session: GenesisSession,
  secret: Round1SecretPackage,
  me: string,
  keys: IdentityKeys,
  recipients: readonly { moniker: string; identity: IdentityPublic }[],
  seed: Uint8Array,
): Record<string, Uint8Array> {
  const ids = recipients.map((r) => monikerIdentifier(r.moniker));
  const { packages } = sharesForOthers(S, secret, ids);
  const out: Record<string, Uint8Array> = {};
  for (const r of recipients) {
    const share = packages[monikerIdentifier(r.moniker)]!.signingShare;
    out[r.moniker] = sealEnvelope(
      keys.encSecret,
      r.identity.encKey,
      shareContext(session, me, r.moniker),
      share,
      seededRng(seed, `group/genesis/envelope/${r.moniker}`),
    );
  }
  return out;
}

/** Opens the share `dealer` sealed for `me` (names the dealer if it cannot be opened). */
export function openDealtShare(
  session: GenesisSession,
  me: string,
  keys: IdentityKeys,
  dealer: { moniker: string; identity: IdentityPublic },
  blob: Uint8Array,
): Uint8Array {
  const share = openEnvelope(keys.encSecret, dealer.identity.encKey, shareContext(session, dealer.moniker, me), blob, 32);
  try {
    S.scalarFromBytes(share, 'dealt share');
  } catch {
    throw new CeremonyError(
      'group/dealer-wrong-share',
      `The share ${dealer.moniker} dealt to you is not a valid scalar; ${dealer.moniker} sent a wrong share.`,
      {
        culprit: dealer.moniker,
      },
    );
  }
  return share;
}

function round1Package(pkg: Round1Public): Round1Package {
  return { suite: GROUP_SUITE_ID, commitment: pkg.commitment.map((c) => hexToBytes(c)), proofOfKnowledge: hexToBytes(pkg.proof) };
}

/**
 * The per-dealer Feldman check fₖ(x_me)·G = Σⱼ φₖ,ⱼ·x_meʲ (frost-core's part-3 check, run early
 * as each share arrives). Throws `group/dealer-wrong-share` naming the dealer.
 */
export function checkDealtShare(me: string, dealer: string, dealerRound1: Round1Public, share: Uint8Array): void {
  try {
    const commitment = dealerRound1.commitment.map((c, j) => S.elementFromBytes(hexToBytes(c), `commitment #${j}`));
    verifyShareFrom(S, monikerIdentifier(dealer), monikerIdentifier(me), S.scalarFromBytes(share, 'dealt share'), commitment);
  } catch (e) {
    if (isCeremonyError(e))
      throw new CeremonyError(
        'group/dealer-wrong-share',
        `The share ${dealer} dealt to you does not match ${dealer}'s round-1 commitment: ${dealer} sent a wrong share. Stop this genesis and start a new one (with fresh keys) after talking to ${dealer}.`,
        { culprit: dealer },
      );
    throw e;
  }
}

export interface GenesisResult {
  readonly keyPackage: KeyPackage;
  readonly publicKeyPackage: PublicKeyPackage;
  /** Aggregate commitment C₀..C_{M−1} (hex); C₀ is the group key. */
  readonly commitment: string[];
}

/**
 * Finalisation: checks every dealer's share (naming a cheat), then FROST part 3. `round1` and
 * `shares` are keyed by the other operators' monikers.
 */
export function genesisFinalize(
  secret: Round1SecretPackage,
  me: string,
  round1: Readonly<Record<string, Round1Public>>,
  shares: Readonly<Record<string, Uint8Array>>,
): GenesisResult {
  const r1: Record<string, Round1Package> = {};
  const r2: Record<string, Round2Package> = {};
  for (const dealer of Object.keys(round1)) {
    if (dealer === me) continue;
    const share = shares[dealer];
    if (!share) throw new CeremonyError('group/missing-share', `${dealer} has not dealt you a share yet.`, { culprit: dealer });
    checkDealtShare(me, dealer, round1[dealer]!, share);
    r1[monikerIdentifier(dealer)] = round1Package(round1[dealer]!);
    r2[monikerIdentifier(dealer)] = { suite: GROUP_SUITE_ID, signingShare: share };
  }
  const { secretPackage } = sharesForOthers(S, secret, []);
  const { keyPackage, publicKeyPackage } = dkgPart3(secretPackage, r1, r2);
  const sum: GroupElement[] = secret.commitment.map((c) => S.elementFromBytes(c, 'own commitment'));
  for (const pkg of Object.values(r1)) pkg.commitment.forEach((c, j) => (sum[j] = sum[j]!.add(S.elementFromBytes(c, 'commitment'))));
  const commitment = sum.map((p) => bytesToHex(S.elementToBytes(p)));
  if (commitment[0] !== bytesToHex(publicKeyPackage.verifyingKey)) throw new Error('genesisFinalize: group key and commitment disagree');
  return { keyPackage, publicKeyPackage, commitment };
}
