/**
 * An air-gapped member's USB trips: each carry of the stick to (`in`) or from (`out`) the offline
 * machine, the invitation and the share hand-over included. The plan is derived from the state
 * alone, so the app numbers the trips itself ("USB trip 4 of 8") and the count is the same after
 * a restart. A fresh committee takes 8 trips: what can travel together does (the relay's
 * proposal transaction with the message set; the proposal signature with the share and the API
 * credentials). A member who asked its relay for the proposal the old way, or a rotation (the
 * share waits for finalization), takes the extra trips that path needs.
 */
import type { SealUsbTrip } from '../../../../src-shared/ceremonies/seal.ts';
import { isRotation } from './rotation.ts';
import type { MemberState } from './state.ts';
import { allRegistered } from './values.ts';
import { continuesInRotation, handoverOf, messageSetArrived } from './view-steps.ts';

type Trip = { direction: 'in' | 'out'; what: SealUsbTrip['what']; done: boolean };

function tripsOf(s: MemberState): Trip[] {
  const registered = s.registered || allRegistered(s);
  const signedRegister = registered || (s.pending?.purpose === 'register' && s.pending.status === 'signed');
  const unsignedRegister = signedRegister || s.pending?.purpose === 'register';
  const setHere = messageSetArrived(s);
  const deals = !isRotation(s) || continuesInRotation(s);
  const proposalHere = s.proposed || s.pending?.purpose === 'propose' || (s.relayedPropose ?? null) !== null || s.keyServer !== null;
  const h = handoverOf(s);
  const handedOver = h !== null && h.share && h.credentials && h.cleanup;
  const trips: Trip[] = [
    { direction: 'in', what: 'invitation', done: true },
    { direction: 'out', what: 'registration-request', done: unsignedRegister },
    { direction: 'in', what: 'registration-transaction', done: unsignedRegister },
    { direction: 'out', what: 'registration-signature', done: allRegistered(s) },
    { direction: 'in', what: 'registrations-snapshot', done: allRegistered(s) },
  ];
  // A joining member of a rotation deals nothing: no message goes out.
  if (deals) trips.push({ direction: 'out', what: 'message', done: setHere });
  if (s.requested.propose) {
    // The proposal was asked for with a request bundle (a rotation, or a relay that did not send it with the set).
    trips.push({ direction: 'in', what: 'message-set', done: setHere });
    trips.push({ direction: 'out', what: 'proposal-request', done: proposalHere });
    trips.push({ direction: 'in', what: 'proposal-transaction', done: proposalHere });
  } else {
    trips.push({ direction: 'in', what: 'message-set-and-proposal', done: setHere && proposalHere });
  }
  if (!isRotation(s)) {
    trips.push({ direction: 'out', what: 'proposal-signature-and-hand-over', done: handedOver });
  } else {
    trips.push({ direction: 'out', what: 'proposal-signature', done: s.keyServer !== null });
    trips.push({ direction: 'in', what: 'finalized-snapshot', done: s.keyServer !== null });
    trips.push({ direction: 'out', what: 'hand-over', done: handedOver });
  }
  return trips;
}

/**
 * The trip this member is at: an `out` trip while its files are being written and saved, an `in`
 * trip while it waits for files. Null for an online member, and once the last trip is made.
 */
export function usbTripOf(s: MemberState): SealUsbTrip | null {
  if (!s.airGapped) return null;
  const trips = tripsOf(s);
  let at = trips.findIndex((t) => !t.done);
  // Work done before finalization: the last trip's files are still to be carried (view-rows).
  if (at < 0 && !s.keyServer) at = trips.length - 1;
  if (at < 0) return null;
  const t = trips[at]!;
  return { n: at + 1, total: trips.length, direction: t.direction, what: t.what };
}
