import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import {
  GROUP_APPROVER_STEPS,
  GROUP_GENESIS_STEPS,
  GROUP_NEWCOMER_STEPS,
  type GroupStep,
  type GroupView,
} from '../../../src-shared/ceremonies/group.ts';
import type { ScreenFrame } from '../types.ts';
import { groupView, stillDue } from './view-data.ts';

/** Each role's steps in plain words, in the order of its step list in src-shared (GROUP_*_STEPS, "done" left out). */
const COORDINATOR = ['Invite the operators', 'Read out the roster code', 'Exchange shares', 'Make the key', 'Confirm the key'] as const;
const OPERATOR = ['Join', 'Type the roster code', 'Exchange shares', 'Make the key', 'Confirm the key'] as const;
const NEWCOMER = ['Ask to join', 'Get approved', 'Receive your share', 'Finish joining'] as const;
const APPROVER = ['Check who asks', 'Approve', 'Send your part', 'Newcomer finishes'] as const;

function at(list: readonly GroupStep[], step: GroupStep): number {
  const i = list.indexOf(step);
  return i < 0 ? list.length : i;
}

/**
 * The protocol's steps are over but a file of mine must still travel (my genesis confirmation,
 * my "joined" notice): that is my last step, so it stays current. A member's file at 'ready' is
 * a courtesy (the newcomer's receipt) and does not count.
 */
function lastFileDue(view: CeremonyView, gv: GroupView): boolean {
  return gv.step === 'done' && gv.role !== 'member' && stillDue(view, gv).length > 0;
}

function stepsOf(view: CeremonyView, gv: GroupView): { steps: readonly string[]; current: number } {
  const s = stepsByRole(gv);
  return lastFileDue(view, gv) ? { ...s, current: s.steps.length - 1 } : s;
}

function stepsByRole(gv: GroupView): { steps: readonly string[]; current: number } {
  switch (gv.role) {
    case 'coordinator':
      return { steps: COORDINATOR, current: at(GROUP_GENESIS_STEPS, gv.step) };
    case 'operator':
      return { steps: OPERATOR, current: at(GROUP_GENESIS_STEPS, gv.step) };
    case 'newcomer':
      return { steps: NEWCOMER, current: at(GROUP_NEWCOMER_STEPS, gv.step) };
    case 'approver':
      return { steps: APPROVER, current: at(GROUP_APPROVER_STEPS, gv.step) };
    case 'member':
      // Nothing of mine runs: the way I came into the group, all done.
      return gv.coordinator === null ? { steps: NEWCOMER, current: NEWCOMER.length } : { steps: OPERATOR, current: OPERATOR.length };
  }
}

function whoOf(gv: GroupView): string {
  const size = `${gv.threshold}-of-${gv.n} group`;
  switch (gv.role) {
    case 'coordinator':
      return `You are ${gv.me}, the coordinator of a ${size}.`;
    case 'operator':
      return `You are ${gv.me}, one of ${gv.n} operators of a ${size} that ${gv.coordinator} coordinates.`;
    case 'newcomer':
      return gv.step === 'done' ? `You are ${gv.me}, the newest member of a ${size}.` : `You are ${gv.me}, asking to join a ${size}.`;
    case 'approver':
      return `You are ${gv.me}, a member of a ${size}: ${gv.pendingJoin?.moniker ?? 'a newcomer'} asked you to approve them.`;
    case 'member':
      return `You are ${gv.me}, a member of a ${size}.`;
  }
}

function headingOf(view: CeremonyView, gv: GroupView): string {
  if (gv.step === 'stopped') return 'Stopped';
  if (lastFileDue(view, gv)) return 'Last step: carry the file';
  if ((gv.step === 'done' || gv.step === 'ready') && gv.pendingJoin === null) return 'Done';
  return gv.role === 'member' ? 'Nothing to do now' : 'What to do now';
}

/** Who and where, the steps, and the heading: "Done" only once nothing is left to do or to carry. */
export function groupFrame(view: CeremonyView): ScreenFrame {
  const gv = groupView(view);
  return {
    who: whoOf(gv),
    // No network: a rehearsal's group key is for practice.
    network: view.rehearsal ? { kind: 'practice', label: 'Rehearsal' } : null,
    ...stepsOf(view, gv),
    heading: headingOf(view, gv),
  };
}
