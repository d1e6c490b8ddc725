/**
 * Attempts of a key generation over bundles. A DKG that stalls (someone never sends) or fails
 * (someone sealed a wrong share) is restarted by its creator without those members (restart.ts):
 * the same ceremony folder, a new attempt with its own step names, seed and envelope purpose, so
 * nothing of an abandoned attempt can be mixed into the next one — its files are refused by name,
 * its round secrets are deleted, its envelopes open under no other attempt's context.
 *
 * Attempt 1 keeps the names the DKG always had (`invite.<member>`, `round1`, `round2`,
 * `dkg-seed`, `dkg/round2`): groups made before restarts existed read the same.
 */
import type { GroupState } from './state.ts';

export type DkgWhat = 'invite' | 'round1' | 'round2';

/** The attempt a group's key generation is at (1 until its creator restarted it). */
export function attemptOf(state: Pick<GroupState, 'params'>): number {
  return state.params?.attempt ?? 1;
}

/** The Exchange id of attempt k: "dkg", then "dkg2", "dkg3"… */
export function dkgExchangeId(attempt: number): string {
  return attempt === 1 ? 'dkg' : `dkg${attempt}`;
}

export function attemptOfExchange(exchangeId: string): number {
  return exchangeId === 'dkg' ? 1 : Number(exchangeId.slice(3));
}

/** The bundle step of a DKG message: `round1`, `dkg2.round1`, `dkg2.invite.p3`… */
export function dkgStep(attempt: number, what: 'round1' | 'round2' | `invite.${string}`): string {
  return attempt === 1 ? what : `dkg${attempt}.${what}`;
}

const STEP = /^(?:dkg([2-9]|[1-9][0-9]{1,3})\.)?(?:invite\.(p[1-9][0-9]{0,2})|(round1|round2))$/;

/** A DKG step's attempt and message, or null when the step is not one of the DKG's. */
export function parseDkgStep(step: string): { attempt: number; what: DkgWhat; recipient: string | null } | null {
  const m = STEP.exec(step);
  if (!m) return null;
  const attempt = m[1] ? Number(m[1]) : 1;
  if (m[2]) return { attempt, what: 'invite', recipient: m[2] };
  return { attempt, what: m[3] as 'round1' | 'round2', recipient: null };
}

/** The vault name of the seed of attempt k's round secrets. */
export function dkgSeedName(attempt: number): string {
  return attempt === 1 ? 'dkg-seed' : `dkg-seed.${attempt}`;
}

/** The envelope purpose of attempt k's round-2 packages. */
export function dkgPurpose(attempt: number): string {
  return attempt === 1 ? 'dkg/round2' : `dkg${attempt}/round2`;
}
