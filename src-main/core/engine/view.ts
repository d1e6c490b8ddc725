import type { Json } from '../encoding/canonical-json.ts';
import { checkCodeOf } from '../encoding/check-code.ts';
import { PHASE_NAMES } from '../../../src-shared/api/common.ts';
import type { CeremonySummary, CeremonyView, DamagedCeremony } from '../../../src-shared/api/ceremonies.ts';
import { isCeremonyError } from '../errors.ts';
import type { CeremonyState } from './folder.ts';
import type { JournalEntry } from './journal.ts';
import type { Protocol } from './protocol.ts';

/** The engine's own action: run the effects that failed last time again. */
export const ENGINE_RETRY_ACTION = 'retry-effects';

/** What the ceremony list shows. */
export function summaryOf(state: CeremonyState<Json>, protocol: Protocol<Json, unknown>): CeremonySummary {
  const m = state.meta;
  const d = protocol.describe(state.protocolState, m);
  return {
    id: m.id,
    protocol: m.protocol,
    title: m.title,
    role: m.role,
    phase: m.phase,
    status: m.status,
    rehearsal: m.rehearsal,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    headline: d.headline,
  };
}

/**
 * What the ceremony list shows for a folder whose state cannot be read: the reason (the
 * engine's own errors already say what to do) or, for anything else, a sentence that does.
 */
export function damagedOf(id: string, dir: string, updatedAt: Date, error: unknown): DamagedCeremony {
  const problem = isCeremonyError(error)
    ? error.message
    : `The ceremony folder ${dir} cannot be opened: its state.json is not a ceremony state this app can read. Nothing was changed and its secrets are still in the vault: put back state.json (or the whole folder) from a backup copy to continue it.`;
  return { id, damaged: true, problem, updatedAt: updatedAt.toISOString() };
}

/** What the ceremony screen shows: the protocol's description plus phases, journal and files. */
export function viewOf(
  state: CeremonyState<Json>,
  journal: JournalEntry[],
  intact: boolean,
  protocol: Protocol<Json, unknown>,
  /** Fingerprints of the files the person saved or copied out (CeremonyFolder.readSaved). */
  saved: readonly string[] = [],
): CeremonyView {
  const m = state.meta;
  const d = protocol.describe(state.protocolState, m);
  const failedEffects = state.effects.filter((e) => e.status === 'pending' && e.lastError);
  const next = [...d.next];
  if (failedEffects.length) {
    next.unshift({
      action: ENGINE_RETRY_ACTION,
      label: 'Try again',
      description: `Last attempt failed: ${failedEffects[0]!.lastError}`,
      confirm: null,
      primary: true,
    });
  }
  return {
    ...summaryOf(state, protocol),
    headline: failedEffects.length ? `Waiting to retry: ${failedEffects[0]!.lastError}` : d.headline,
    phases: ([1, 2, 3] as const).map((p) => ({
      phase: p,
      name: PHASE_NAMES[p],
      state: m.status === 'completed' || p < m.phase ? 'done' : p === m.phase ? 'current' : 'upcoming',
    })),
    participants: d.participants,
    activity: journal
      .slice(-200)
      .reverse()
      .map((e) => ({ seq: e.seq, at: e.at, step: e.step, summary: e.summary, hash: e.hash })),
    next,
    facts: d.facts,
    view: protocol.view(state.protocolState, m),
    artifacts: state.artifacts.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      bytes: a.bytes,
      fingerprint: a.fingerprint,
      checkCode: checkCodeOf(a.fingerprint),
      saved: saved.includes(a.fingerprint),
    })),
    journalIntact: intact,
  };
}
