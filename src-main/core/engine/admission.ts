import { BundleError } from '../bundles/errors.ts';
import type { Bundle } from '../bundles/format.ts';
import type { Json } from '../encoding/canonical-json.ts';
import type { CeremonyState, InboxRecord } from './folder.ts';
import type { RosterEntry } from './protocol.ts';

/**
 * The checks every bundle passes before a protocol sees it, in order: right ceremony, right
 * protocol, same rehearsal flag, not our own, not already imported, not a second different
 * bundle for the same sender and step (equivocation), sender in the roster with the key seen
 * before. Throws the BundleError of the first failure; nothing is written by the caller then.
 */
export function admitBundle(
  state: CeremonyState<Json>,
  bundle: Bundle,
  wireId: string,
  roster: RosterEntry[],
  /** Whether an inbox entry belongs to wire id `wireId` (default: all do); older wire ids of a restarted ceremony do not count for equivocation. */
  ofThisWireId: (entry: InboxRecord) => boolean = () => true,
): void {
  const h = bundle.header;
  const meta = state.meta;
  const who = h.sender.label || h.sender.id;
  if (h.ceremonyId !== wireId)
    throw new BundleError('bundle/wrong-ceremony', `This bundle belongs to another ceremony ("${h.ceremonyId}"), not "${meta.title}".`, {
      ceremonyId: h.ceremonyId,
    });
  if (h.protocol !== meta.protocol)
    throw new BundleError('bundle/wrong-protocol', `This is a ${h.protocol} bundle; this ceremony is ${meta.protocol}.`);
  if (h.rehearsal !== meta.rehearsal) {
    throw new BundleError(
      'bundle/rehearsal-mismatch',
      h.rehearsal
        ? 'This bundle comes from a rehearsal and cannot be used in a real ceremony.'
        : 'This bundle comes from a real ceremony and cannot be used in a rehearsal.',
    );
  }
  if (h.sender.publicKey === meta.me.bundleKey)
    throw new BundleError('bundle/own-bundle', 'This is a bundle you made yourself; import the bundles the others sent you.');
  if (state.inbox.some((x) => x.fingerprint === bundle.fingerprint))
    throw new BundleError('bundle/duplicate', `Already imported (${who}, ${h.step}).`, { sender: h.sender.id });
  if (state.inbox.some((x) => x.senderId === h.sender.id && x.step === h.step && ofThisWireId(x))) {
    throw new BundleError(
      'bundle/equivocation',
      `${who} sent two different "${h.step}" bundles; the first one is kept. Ask ${who} which one is right before going on.`,
      { sender: h.sender.id },
    );
  }
  const entry = roster.find((r) => r.id === h.sender.id);
  if (!entry)
    throw new BundleError('bundle/unknown-sender', `The sender "${who}" is not a participant of this ceremony (yet).`, {
      sender: h.sender.id,
    });
  if (entry.bundleKey && entry.bundleKey !== h.sender.publicKey) {
    throw new BundleError(
      'bundle/sender-key-mismatch',
      `This bundle claims to come from ${entry.label} but is signed with a different key than ${entry.label}'s earlier bundles.`,
      { sender: h.sender.id },
    );
  }
}
