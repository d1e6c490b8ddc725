/**
 * The roster everyone agrees on before round 1 of genesis, and the group's public state after
 * it. Both hash to fingerprints that operators compare as check codes:
 *
 *  - the roster fingerprint binds ceremony, rehearsal flag, threshold and every member's moniker,
 *    identity keys, bundle key and URL; round-1 proofs and share envelopes are bound to it, so a
 *    package made for a different roster is useless;
 *  - the group state hash binds the group key, the aggregate commitment and the current member
 *    list; a join request names it, so a request made before another join (or for another group)
 *    is stale and refused.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';
import { identityFingerprint, type IdentityPublic } from './identity.ts';
import { checkDistinctMonikers, monikerKey } from './moniker.ts';

export type RosterMember = {
  readonly moniker: string;
  readonly identity: IdentityPublic;
  /** The member's per-ceremony bundle-signing key (hex). */
  readonly bundleKey: string;
  /** Base URL of the member's trust-server, for peers_list.txt (null when not given). */
  readonly url: string | null;
};

export interface GenesisRoster {
  readonly groupId: string;
  readonly rehearsal: boolean;
  readonly threshold: number;
  readonly members: readonly RosterMember[];
}

export function sortMembers<T extends { moniker: string }>(members: readonly T[]): T[] {
  return [...members].sort((a, b) =>
    monikerKey(a.moniker) < monikerKey(b.moniker) ? -1 : monikerKey(a.moniker) > monikerKey(b.moniker) ? 1 : 0,
  );
}

function digest(domain: string, body: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(`ceremony/group/${domain}/v1\n${canonicalJson(body)}`)));
}

/** Checks N, M: 2 ≤ M ≤ N (a key M > N could never sign; M = 1 would let any one operator sign alone). */
export function checkThreshold(threshold: number, members: number): void {
  if (!Number.isInteger(threshold) || !Number.isInteger(members) || members < 2 || members > 1000)
    throw new CeremonyError('group/invalid-size', `A group needs between 2 and 1000 operators, not ${members}.`, { members });
  if (threshold > members)
    throw new CeremonyError(
      'group/threshold-too-high',
      `A threshold of ${threshold} with only ${members} operators would create a key nobody can ever sign with; choose a threshold of at most ${members}.`,
      { threshold, members },
    );
  if (threshold < 2)
    throw new CeremonyError(
      'group/threshold-too-low',
      `A threshold of ${threshold} would let a single operator sign alone; use at least 2.`,
      { threshold, members },
    );
}

export function rosterFingerprint(r: GenesisRoster): string {
  checkDistinctMonikers(r.members.map((m) => m.moniker));
  return digest('roster', {
    groupId: r.groupId,
    rehearsal: r.rehearsal,
    threshold: r.threshold,
    members: sortMembers(r.members).map((m) => ({
      moniker: m.moniker,
      identity: identityFingerprint(m.identity),
      bundleKey: m.bundleKey,
      url: m.url,
    })),
  });
}

export { digest as groupDigest };
