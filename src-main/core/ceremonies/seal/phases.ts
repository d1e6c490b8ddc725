import type { CeremonyStatus, PhaseNo, StepResult } from '../../engine/protocol.ts';
import type { SealState } from './state.ts';
import { expectedMessageCount } from './rotation.ts';
import { allRegistered } from './values.ts';

/**
 * Phase and status follow from the state alone, so every step (including effects, which have
 * no context) reports them the same way:
 *  1 Registration until the chain (or a snapshot) shows every member registered;
 *  2 Messages until the message set exists (coordinator: exported; member: imported; a
 *    rotation's set holds the old threshold's number of messages);
 *  3 Finalization after; the ceremony is completed once the key server is known.
 */
export function phaseOf(s: SealState): PhaseNo {
  switch (s.role) {
    case 'coordinator':
      return s.messageSet || s.keyServer ? 3 : allRegistered(s) ? 2 : 1;
    case 'member':
      return s.result || s.proposed || s.keyServer || (s.inbox.length > 0 && s.inbox.length === expectedMessageCount(s))
        ? 3
        : allRegistered(s)
          ? 2
          : 1;
    case 'relay':
      return s.keyServer || s.requests.propose || s.chain?.phase === 'PostDKG' ? 3 : allRegistered(s) ? 2 : 1;
  }
}

export function statusOf(s: SealState): CeremonyStatus {
  return s.keyServer ? 'completed' : 'active';
}

/**
 * An air-gapped member's signed transaction is settled when the chain (through a snapshot)
 * shows its effect: then it no longer waits.
 */
function settle<S extends SealState>(s: S): S {
  if (s.role !== 'member' || !s.pending || s.pending.status !== 'signed') return s;
  const done = (s.pending.purpose === 'register' && s.registered) || (s.pending.purpose === 'propose' && (s.proposed || !!s.keyServer));
  return done ? { ...s, pending: null } : s;
}

/** A step result with the phase and status the new state implies. */
export function step<S extends SealState>(
  state: S,
  summary: string,
  extra: Omit<StepResult<S>, 'state' | 'summary' | 'phase' | 'status'> = {},
): StepResult<S> {
  const s = settle(state);
  return { state: s, summary, phase: phaseOf(s), status: statusOf(s), ...extra };
}
