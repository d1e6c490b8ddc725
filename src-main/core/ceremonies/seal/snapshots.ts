import type { OutgoingDraft } from '../../engine/protocol.ts';
import type { FinalizedSnapshotPayload, RegisteredSnapshotPayload } from './payloads.ts';
import { outgoing, SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS } from './payloads.ts';
import type { CoordinatorState, RelayState } from './state.ts';
import { allRegistered, registrationsCheckCode } from './values.ts';

/**
 * Chain snapshots for air-gapped members, made by an online install (relay or coordinator) once
 * the chain state they carry can no longer change: all registrations (registration is final),
 * and the finalized key server.
 */
export function dueSnapshots<S extends CoordinatorState | RelayState>(s: S): { state: S; outgoing: OutgoingDraft[] } {
  const out: OutgoingDraft[] = [];
  let sent = s.snapshotsSent;
  const committeeId = s.committee.committeeId;
  if (!committeeId || !s.committee.packageId) return { state: s, outgoing: out };
  if (!sent.registered && allRegistered(s)) {
    const payload: RegisteredSnapshotPayload = {
      committeeId,
      packageId: s.committee.packageId,
      threshold: s.committee.threshold,
      members: s.committee.members.map((m) => m.address),
      registrations: s.registrations,
      ...(s.rotation ? { rotation: s.rotation } : {}),
    };
    out.push(
      outgoing({
        step: SEAL_BUNDLE_STEPS.snapshotRegistered,
        phase: 2,
        payload,
        artifactId: SEAL_ARTIFACTS.snapshotRegistered,
        fileName: 'seal-chain-registered.ceremony',
        description: `Chain snapshot for air-gapped members: every registration (check code ${registrationsCheckCode(s.registrations)})`,
      }),
    );
    sent = { ...sent, registered: true };
  }
  if (!sent.finalized && s.keyServer) {
    const payload: FinalizedSnapshotPayload = { committeeId, keyServer: s.keyServer };
    out.push(
      outgoing({
        step: SEAL_BUNDLE_STEPS.snapshotFinalized,
        phase: 3,
        payload,
        artifactId: SEAL_ARTIFACTS.snapshotFinalized,
        fileName: 'seal-chain-finalized.ceremony',
        description: `Chain snapshot for air-gapped members: the finalized key server ${s.keyServer.id}`,
      }),
    );
    sent = { ...sent, finalized: true };
  }
  return { state: { ...s, snapshotsSent: sent }, outgoing: out };
}
