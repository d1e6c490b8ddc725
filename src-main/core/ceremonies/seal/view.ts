/**
 * The Seal ceremony's typed view (SealView in src-shared/ceremonies/seal.ts): the numbers the
 * screens need, as data. describe.ts words the same state for people.
 */
import type { CeremonyMeta } from '../../engine/protocol.ts';
import type { SealView } from '../../../../src-shared/ceremonies/seal.ts';
import { expectedMessageCount, rotationOf } from './rotation.ts';
import { isCoordinator, type SealState } from './state.ts';
import { allRegistered } from './values.ts';

export function viewSeal(s: SealState, _meta: CeremonyMeta): SealView {
  const r = rotationOf(s);
  return {
    protocol: 'seal',
    role: s.role,
    partyId: isCoordinator(s) ? null : s.partyId,
    threshold: s.committee.threshold,
    n: s.committee.members.length,
    committeeId: s.committee.committeeId,
    rotation: r ? { fromVersion: r.fromVersion, toVersion: r.toVersion, oldThreshold: r.oldThreshold } : null,
    messages:
      isCoordinator(s) && s.committee.committeeId && allRegistered(s)
        ? { received: s.messages.length, needed: expectedMessageCount(s) }
        : null,
  };
}
