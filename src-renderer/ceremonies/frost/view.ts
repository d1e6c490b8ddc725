import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { FrostPendingApproval, FrostView } from '../../../src-shared/ceremonies/frost.ts';

/** What the FROST forms read: the typed view main builds (view.ts there), never the facts' words. */
export function frostView(view: CeremonyView): FrostView {
  if (view.view.protocol !== 'frost') throw new Error(`Ceremony ${view.id} is a ${view.view.protocol} ceremony, not FROST.`);
  return view.view;
}

/** Group members who can still sign (a refresh may have left some out). */
export function activeMembers(view: CeremonyView): { id: string; label: string; you: boolean }[] {
  return frostView(view)
    .members.filter((m) => m.active)
    .map((m) => ({ id: m.partyId, label: m.name, you: m.you }));
}

export function myId(view: CeremonyView): string | null {
  return frostView(view).me;
}

/** The group threshold; a FROST group always has one (the address book has no forms that ask). */
export function threshold(view: CeremonyView): number {
  const t = frostView(view).threshold;
  if (t === null) throw new Error(`Ceremony ${view.id} is a FROST address book: it has no threshold.`);
  return t;
}

export function pendingApproval(view: CeremonyView): FrostPendingApproval | null {
  return frostView(view).pendingApproval;
}

export function onlineServer(view: CeremonyView): string | null {
  return frostView(view).onlineServer;
}
