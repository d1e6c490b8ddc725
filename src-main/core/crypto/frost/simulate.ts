/**
 * Runs every participant of a DKG or a signing in one process, passing packages by hand. For
 * rehearsals, tests and benchmarks only: a real ceremony runs each participant on its own machine
 * and moves the same packages over bundles or frostd.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { dkgPart1, dkgPart2, dkgPart3 } from './dkg.ts';
import { identifierFromIndex, type Identifier } from './identifier.ts';
import { defaultRng, type Rng } from './polynomial.ts';
import { aggregate, commit, createSigningPackage, sign } from './signing.ts';
import { frostSuite, type FrostSuiteId } from './suites.ts';
import type {
  KeyPackage,
  PublicKeyPackage,
  Round1Package,
  Round2Package,
  SignatureShare,
  SigningCommitments,
  SigningNonces,
} from './types.ts';

export interface SimulatedGroup {
  readonly keyPackages: Record<Identifier, KeyPackage>;
  readonly publicKeyPackage: PublicKeyPackage;
}

/** A full DKG among `identifiers` (default 1..n). Every participant must derive the same public package. */
export function simulateDkg(
  suiteId: FrostSuiteId,
  maxSigners: number,
  minSigners: number,
  identifiers?: readonly Identifier[],
  rng: Rng = defaultRng,
): SimulatedGroup {
  const suite = frostSuite(suiteId);
  const ids = identifiers ?? Array.from({ length: maxSigners }, (_, i) => identifierFromIndex(suite, i + 1));
  const part1 = new Map(ids.map((id) => [id, dkgPart1(suiteId, id, maxSigners, minSigners, rng)]));
  const round1For = (me: Identifier) => {
    const out: Record<Identifier, Round1Package> = {};
    for (const [id, r] of part1) if (id !== me) out[id] = r.package;
    return out;
  };
  const part2 = new Map(ids.map((id) => [id, dkgPart2(part1.get(id)!.secretPackage, round1For(id))]));
  const keyPackages: Record<Identifier, KeyPackage> = {};
  let publicKeyPackage: PublicKeyPackage | undefined;
  for (const me of ids) {
    const received: Record<Identifier, Round2Package> = {};
    for (const [id, r] of part2) if (id !== me) received[id] = r.packages[me]!;
    const out = dkgPart3(part2.get(me)!.secretPackage, round1For(me), received);
    keyPackages[out.keyPackage.identifier] = out.keyPackage;
    if (publicKeyPackage && !samePublicKeyPackage(publicKeyPackage, out.publicKeyPackage))
      throw new Error('simulateDkg: participants derived different public key packages');
    publicKeyPackage = out.publicKeyPackage;
  }
  return { keyPackages, publicKeyPackage: publicKeyPackage! };
}

function samePublicKeyPackage(a: PublicKeyPackage, b: PublicKeyPackage): boolean {
  const hex = (p: PublicKeyPackage) =>
    JSON.stringify([bytesToHex(p.verifyingKey), Object.entries(p.verifyingShares).map(([k, v]) => [k, bytesToHex(v)])]);
  return hex(a) === hex(b);
}

/** A full signing round by the given signers; returns the aggregate signature. */
export function simulateSigning(
  group: SimulatedGroup,
  signers: readonly Identifier[],
  message: Uint8Array,
  rng: Rng = defaultRng,
): { signature: Uint8Array; shares: Record<Identifier, SignatureShare> } {
  const suiteId = group.publicKeyPackage.suite;
  const nonces: Record<Identifier, SigningNonces> = {};
  const commitments: Record<Identifier, SigningCommitments> = {};
  for (const id of signers) {
    const r = commit(group.keyPackages[id]!, rng);
    nonces[id] = r.nonces;
    commitments[id] = r.commitments;
  }
  const pkg = createSigningPackage(suiteId, commitments, message);
  const shares: Record<Identifier, SignatureShare> = {};
  for (const id of signers) shares[id] = sign(pkg, nonces[id]!, group.keyPackages[id]!);
  return { signature: aggregate(pkg, shares, group.publicKeyPackage), shares };
}
