import type { SealUsbTrip } from '../../../src-shared/ceremonies/seal.ts';

/** What each trip carries, in words: the air-gapped member's plan, as main numbers it. */
const CARRIES: Record<SealUsbTrip['what'], string> = {
  invitation: 'the invitation to this computer',
  'registration-request': 'your registration request to your relay',
  'registration-transaction': 'your registration transaction from your relay',
  'registration-signature': 'your signed registration to your relay',
  'registrations-snapshot': "your relay's chain snapshot, once everyone has registered",
  message: 'your DKG message to the coordinator',
  'message-set': "the coordinator's message set",
  'message-set-and-proposal': 'the message set and your proposal transaction from your relay',
  'proposal-request': 'your proposal request to your relay',
  'proposal-transaction': 'your proposal transaction from your relay',
  'proposal-signature': 'your signed proposal to your relay',
  'proposal-signature-and-hand-over': 'your signed proposal, your share and your API credentials: the last trip',
  'finalized-snapshot': "your relay's snapshot of the finalized committee",
  'hand-over': 'your share and your API credentials',
};

/**
 * The air-gapped member's trip, when the Carry now tray does not already say it: a trip that
 * brings files here, or one whose files are not written yet.
 */
export function UsbTripNote({ trip, trayShown }: { trip: SealUsbTrip | null; trayShown: boolean }) {
  if (!trip || (trip.direction === 'out' && trayShown)) return null;
  const verb = trip.direction === 'in' ? 'Next: USB trip' : 'USB trip';
  const does = trip.direction === 'in' ? 'brings' : 'takes';
  return (
    <p className="usb-trip" data-testid="usb-trip">
      {verb} {trip.n} of {trip.total} {does} {CARRIES[trip.what]}.
    </p>
  );
}
