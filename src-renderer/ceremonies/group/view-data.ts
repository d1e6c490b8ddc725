import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { GROUP_RECORD_SIGNATURE_ARTIFACT, type GroupPendingJoin, type GroupView } from '../../../src-shared/ceremonies/group.ts';

/** What the group forms read: the typed view main builds (view.ts there), never the facts' words. */
export function groupView(view: CeremonyView): GroupView {
  if (view.view.protocol !== 'group') throw new Error(`Ceremony ${view.id} is a ${view.view.protocol} ceremony, not a group.`);
  return view.view;
}

/**
 * The files still to hand over: one a later message answers stays until it is answered; one
 * nothing answers (the genesis confirmation) counts as handed over once the person saved it out.
 */
export function stillDue(view: CeremonyView, gv: GroupView): GroupView['carry'] {
  // The record signature travels with the final file but is not what the genesis waits for (one absent signer never blocks).
  return gv.carry.filter(
    (c) => c.artifactId !== GROUP_RECORD_SIGNATURE_ARTIFACT && (c.receipt || !view.artifacts.find((a) => a.id === c.artifactId)?.saved),
  );
}

export function pendingJoin(view: CeremonyView): GroupPendingJoin | null {
  return groupView(view).pendingJoin;
}

const MONIKER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export function monikerProblem(m: string): string | null {
  return MONIKER.test(m) ? null : 'Use 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.';
}
