import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';

/** Reads the public facts the group protocol publishes in its view (describe.ts in main). */
export function factValue(view: CeremonyView, label: string): string | undefined {
  return view.facts.find((f) => f.label === label)?.value;
}

/** The pending join ("Join <k> request": "<moniker>: identity code <code>; approvers …"). */
export function pendingJoin(view: CeremonyView): { epoch: number; moniker: string; identityCode: string; approvers: string } | null {
  for (const f of view.facts) {
    const m = /^Join (\d+) request$/.exec(f.label);
    const v = /^(.+): identity code (\d{4}-\d{4}-\d{4}); approvers (.+)$/.exec(f.value);
    if (m && v) return { epoch: Number(m[1]), moniker: v[1]!, identityCode: v[2]!, approvers: v[3]! };
  }
  return null;
}

/** "M of N members" → M. */
export function threshold(view: CeremonyView): number {
  return Number(/^(\d+) of/.exec(factValue(view, 'Threshold') ?? '')?.[1] ?? 2);
}

const MONIKER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export function monikerProblem(m: string): string | null {
  return MONIKER.test(m) ? null : 'Use 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.';
}
