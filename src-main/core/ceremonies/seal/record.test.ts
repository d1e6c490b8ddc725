/**
 * The Seal committee's signed record (record.ts): a member's signature rides in its API
 * credentials bundle; the coordinator keeps each one that fits and writes the record. A member
 * whose app sends no signature (an older app) is listed as not signed and never blocks the
 * record; a signature that does not fit is not kept (said in the activity log) while the
 * credentials are still taken.
 */
import { describe, expect, it } from 'vitest';
import { SealView, SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { RECORD_ARTIFACT_ID } from '../../record/artifacts.ts';
import { verifyRecord } from '../../record/verify.ts';
import { act, artifact, importFiles, view } from '../../rehearsal/seal-driver.ts';
import { decodeBundlePayload, makeWorld, signedBundleAs } from '../../testing/seal-world.ts';

describe('the Seal ceremony record', () => {
  it('collects what the members signed, lists who did not, and keeps no signature that does not fit', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.runAll();
    const [j0, j1, j2] = d.joined as [(typeof d.joined)[0], (typeof d.joined)[0], (typeof d.joined)[0]];
    for (const j of d.joined) await act(j.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });

    // Member 0: as this app sends it, with the signature.
    await importFiles(d.coordinator, [await artifact(j0.me, SEAL_ARTIFACTS.apiCredentials)]);
    // Member 1: as an older app sends it, without one (same key, same bundle otherwise).
    const resend = async (j: typeof j0, change: (p: Record<string, unknown>) => void) => {
      const { header, payload } = decodeBundlePayload<Record<string, unknown>>(await artifact(j.me, SEAL_ARTIFACTS.apiCredentials));
      change(payload);
      return signedBundleAs(
        w.members[j.partyId]!,
        j.me.id,
        { ...header, sender: { id: header.sender.id, label: header.sender.label } },
        payload,
      );
    };
    await importFiles(d.coordinator, [await resend(j1, (p) => delete p['record'])]);
    // Member 2: a signature over another outcome (signed by member 2's own key, so the bundle is theirs).
    const { payload: own } = decodeBundlePayload<{ record: { sections: Record<string, string> } }>(
      await artifact(j2.me, SEAL_ARTIFACTS.apiCredentials),
    );
    expect(own.record.sections['outcome']).toMatch(/^[0-9a-f]{64}$/);
    await importFiles(d.coordinator, [
      await resend(j2, (p) => {
        (p['record'] as { sections: Record<string, string> }).sections['outcome'] = '0'.repeat(64);
      }),
    ]);

    const cv = await view(d.coordinator);
    // Every member's credentials were taken; member 2's signature was not kept, and the log says why.
    expect(cv.activity[0]!.summary).toMatch(
      /API credentials of .*party 2.* received \(3 of 3\); .*record signature does not fit the record as this app sees it \(its signature does not verify\) and was not kept/,
    );
    expect(SealView.parse(cv.view).record).toEqual({
      artifactId: 'ceremony-record',
      reportArtifactId: 'ceremony-record-report',
      signatureArtifactId: null,
      signed: ['the coordinator', expect.stringContaining('party 0')],
      notSigned: [expect.stringContaining('party 1'), expect.stringContaining('party 2')],
    });
    const file = await artifact(d.coordinator, RECORD_ARTIFACT_ID);
    const v = verifyRecord(new Uint8Array(Buffer.from(file.base64, 'base64')));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.signed.map((s) => s.participant)).toEqual(['coordinator', 'member-0']);
    expect(v.notSigned.map((n) => n.participant)).toEqual(['member-1', 'member-2']);
    expect(v.codes.map((c) => [c.moment, c.confirmedBy])).toEqual([
      ['committee', ['member-0']],
      ['messages-hash', ['member-0']],
    ]);
  }, 60_000);
});
