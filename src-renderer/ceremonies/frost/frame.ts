import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { FrostStep, FrostView } from '../../../src-shared/ceremonies/frost.ts';
import type { ScreenFrame } from '../types.ts';
import { frostView } from './view.ts';

/** Making a group, in plain words (the same over files and online). */
export const CREATE_STEPS = ['Invite', 'Agree on the rules', 'Exchange commitments', 'Exchange shares', 'Confirm group key'] as const;
/** A signing, for a signer and for the one who asked. */
export const SIGN_STEPS = ['Review message', 'Approve', 'Done'] as const;
const CONTACT_STEPS = ['Your communication key', 'Exchange contacts'] as const;
/** Renewing the shares (same group key). */
export const REFRESH_STEPS = ['Agree to renew', 'Exchange commitments', 'Exchange shares', 'Finish'] as const;
/** Rebuilding a member's lost share, for a helper and for the member rebuilding it. */
export const REPAIR_HELPER_STEPS = ['Hello from the member', 'Compare the code', 'Give your part', 'Share rebuilt'] as const;
export const REPAIR_NEWCOMER_STEPS = ['Show your code', 'Receive the parts', 'Share rebuilt'] as const;
/** A group made with frost-client and brought here from its credentials file: no key generation happened here. */
const IMPORT_STEPS = ['Made with frost-client', 'Brought into this app'] as const;

const CREATE_AT: Partial<Record<FrostStep, number>> = {
  invite: 0,
  agree: 1,
  commitments: 2,
  shares: 3,
  'confirm-key': 4,
  'code-differs': 4,
};
const SIGN_AT: Partial<Record<FrostStep, number>> = { 'review-message': 0, sign: 1, 'wait-signers': 1, signed: 2 };

/** Which journey the screen shows now: making the group, a signing, renewing or rebuilding shares, or the address book. */
export function flowOf(fv: FrostView): 'create' | 'sign' | 'refresh' | 'repair' | 'group' | 'contacts' {
  if (fv.kind === 'contacts') return 'contacts';
  if (fv.refresh) return 'refresh';
  if (fv.repair) return 'repair';
  if (fv.step in CREATE_AT || fv.step === 'stopped') return 'create';
  if (fv.step in SIGN_AT) return 'sign';
  return 'group';
}

function who(fv: FrostView): string {
  if (fv.kind === 'contacts') return 'Your FROST address book: your communication key and the contacts you imported.';
  const me = fv.members.find((m) => m.you);
  const seat = me ? `${me.name}, member ${fv.members.indexOf(me) + 1} of ${fv.members.length}` : 'a member';
  return `You are ${seat} of a group where any ${fv.threshold} of ${fv.n} can sign.`;
}

/** Who and where, the steps in plain words, and the heading: "Done" only when the person's work is done. */
export function frostFrame(view: CeremonyView): ScreenFrame {
  const fv = frostView(view);
  // No network: a rehearsal's group key is for practice.
  const network = view.rehearsal ? { kind: 'practice' as const, label: 'Rehearsal' } : null;
  const flow = flowOf(fv);
  if (flow === 'contacts') return { who: who(fv), network, steps: CONTACT_STEPS, current: 1, heading: 'What to do now' };
  if (flow === 'sign') {
    const current = SIGN_AT[fv.step]!;
    const mine = fv.signing?.signers.find((s) => s.you);
    // The requester once the signature is made; a signer once its share reached the requester (the
    // result coming back shows it; until then the share is still to carry). The requester's copy of
    // the result for the others is a courtesy the tray offers, not work left undone.
    const signed = fv.step === 'signed';
    const done = signed && (fv.signing?.youRequested === true || fv.carry.length === 0);
    return {
      who: who(fv),
      network,
      steps: SIGN_STEPS,
      current: done ? SIGN_STEPS.length : fv.signing?.youRequested && !mine ? Math.max(current, 1) : current,
      heading: done ? 'Done' : signed ? 'Last step: carry the file' : 'What to do now',
    };
  }
  if (flow === 'refresh') {
    const at = { agree: 0, commitments: 1, shares: 2, finish: 3 }[fv.refresh!.phase];
    return { who: who(fv), network, steps: REFRESH_STEPS, current: at, heading: 'What to do now' };
  }
  if (flow === 'repair') return { who: who(fv), network, ...repairSteps(fv) };
  if (flow === 'create') return { who: who(fv), network, steps: CREATE_STEPS, current: CREATE_AT[fv.step] ?? 2, heading: 'What to do now' };
  // The group exists and nothing is asked of this member: every step of the way it came is done.
  const steps = fv.origin === 'repair' ? REPAIR_NEWCOMER_STEPS : fv.origin === 'frost-client-import' ? IMPORT_STEPS : CREATE_STEPS;
  return { who: who(fv), network, steps, current: steps.length, heading: 'What to do now' };
}

/** A repair's steps: the helper's until the newcomer's share is rebuilt, the newcomer's until it has it. */
function repairSteps(fv: FrostView): Pick<ScreenFrame, 'steps' | 'current' | 'heading'> {
  const r = fv.repair!;
  if (r.youAreTarget) {
    const partIn = fv.waitingFor.length < r.helpers.length;
    return { steps: REPAIR_NEWCOMER_STEPS, current: partIn ? 1 : 0, heading: fv.step === 'stopped' ? 'Stopped' : 'What to do now' };
  }
  // The helper's last file travels to the newcomer: not done until the newcomer says the share is back.
  const last = fv.waitingFor.some((w) => w.missing === 'rebuilt');
  const current = fv.step === 'repair-hello' ? 0 : fv.step === 'repair-compare' ? 1 : last ? 3 : 2;
  return { steps: REPAIR_HELPER_STEPS, current, heading: last ? 'Last step: carry the file' : 'What to do now' };
}
