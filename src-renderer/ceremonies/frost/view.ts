import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';

/** What the FROST forms read from the ceremony view (public data only). */
export function factValue(view: CeremonyView, label: string): string | null {
  return view.facts.find((f) => f.label === label)?.value ?? null;
}

/** Group members who can still sign (a refresh may have left some out). */
export function activeMembers(view: CeremonyView) {
  return view.participants.filter((p) => /^p\d+$/.test(p.id) && p.state !== 'inactive');
}

export function myId(view: CeremonyView): string | null {
  return view.participants.find((p) => p.tags.includes('you'))?.id ?? null;
}

/** The group threshold, from the "any T of N members" fact. */
export function threshold(view: CeremonyView): number {
  const m = /any (\d+) of/.exec(factValue(view, 'Threshold') ?? '');
  return m ? Number(m[1]) : 2;
}
