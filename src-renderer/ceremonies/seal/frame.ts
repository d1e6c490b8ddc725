import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { SealStep } from '../../../src-shared/ceremonies/seal.ts';
import type { ScreenFrame } from '../types.ts';
import { sealView } from './view.ts';

/** The member's journey in plain words ("Get ready" happens before the ceremony exists: vault, account, invitation). */
const MEMBER_STEPS = ['Get ready', 'Join', 'Register', 'Send message', 'Check result', 'Hand over'] as const;
const COORDINATOR_STEPS = ['Set up the committee', 'Registration', 'Messages', 'Results', 'Hand over'] as const;

const MEMBER_AT: Record<SealStep, number> = {
  join: 1,
  register: 2,
  'send-message': 3,
  'check-result': 4,
  'hand-over': 5,
  done: 6,
  retired: 6,
};

/** Who and where, the steps, and the heading of the task: "Done" only once the person's work is done. */
export function sealFrame(view: CeremonyView): ScreenFrame {
  const sv = sealView(view);
  // A retired committee still has a task for a member who left (stop the key server).
  // An air-gapped member can finish its checklist before its last USB trip: not done until it is made.
  const heading = sv.step === 'done' && sv.carry.length === 0 ? 'Done' : sv.step === 'done' ? 'Last USB trip' : 'What to do now';
  if (sv.role === 'coordinator') {
    return {
      who: `You are the coordinator of a ${sv.threshold}-of-${sv.n} committee${sv.rotation ? ` (key rotation, version ${sv.rotation.fromVersion} → ${sv.rotation.toVersion})` : ''}.`,
      network: sv.network,
      steps: COORDINATOR_STEPS,
      current: MEMBER_AT[sv.step] - 1,
      heading,
    };
  }
  const name = sv.me?.name ?? 'a member';
  const seat = sv.partyId !== null ? `, member ${sv.partyId + 1} of ${sv.n}` : '';
  return {
    who:
      sv.role === 'relay'
        ? `You relay for ${name}${seat}: this online computer carries their files to the chain.`
        : `You are ${name}${seat}${sv.me?.airGapped ? ', on an offline computer' : ''}.`,
    network: sv.network,
    steps: MEMBER_STEPS,
    current: MEMBER_AT[sv.step],
    heading,
  };
}
