import { fingerprintOf } from '../encoding/check-code.ts';
import type { BundleHeaderView } from '../../../src-shared/api/bundles.ts';
import type { Bundle } from './format.ts';

/** The public face of a bundle shown to people: who sent what, and the check code to compare. */
export function headerView(b: Bundle): BundleHeaderView {
  const h = b.header;
  return {
    formatVersion: 1,
    protocol: h.protocol,
    ceremonyId: h.ceremonyId,
    phase: h.phase,
    step: h.step,
    sender: { id: h.sender.id, label: h.sender.label, keyFingerprint: fingerprintOf(h.sender.publicKey) },
    createdAt: h.createdAt,
    rehearsal: h.rehearsal,
    payloadBytes: h.payloadLength,
    fingerprint: b.fingerprint,
    checkCode: b.checkCode,
  };
}
