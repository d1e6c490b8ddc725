import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS, SEAL_FACTS, type SealView } from '../../../../src-shared/ceremonies/seal.ts';
import { act, artifact, carry, factOf, importFiles, signAndSubmit, view, type PartyCeremony } from '../../rehearsal/seal-driver.ts';
import { decodeBundlePayload, makeWorld, signedBundleAs, type TestParty } from '../../testing/seal-world.ts';

const sealOf = async (p: PartyCeremony) => (await view(p)).view as SealView;
const tripOf = async (p: PartyCeremony) => (await sealOf(p)).usbTrip;

describe("an air-gapped member's USB trips (fresh 3-of-5)", () => {
  it('takes 8 trips, numbered by the app: the proposal travels with the message set, the share with the proposal signature', async () => {
    const w = await makeWorld(5, 3, { airGapped: [4] });
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    const erin = d.joined[4]!;
    const relay = erin.relay!;
    // Trip 1 brought the invitation; trip 2 takes the registration request out once it is written.
    expect(await tripOf(erin.me)).toEqual({ n: 2, total: 8, direction: 'out', what: 'registration-request' });
    for (const j of d.joined.slice(0, 4)) await d.register(j);
    await d.register(erin); // request out, unsigned transaction in, signature out
    expect(await tripOf(erin.me)).toEqual({ n: 4, total: 8, direction: 'out', what: 'registration-signature' });
    await d.refreshAll();
    await carry(relay, SEAL_ARTIFACTS.snapshotRegistered, erin.me);
    expect(await tripOf(erin.me)).toEqual({ n: 6, total: 8, direction: 'out', what: 'message' });
    await d.messagesAll();

    // The relay checks the coordinator's set itself and prepares Erin's proposal from it; both files are due.
    await importFiles(relay, [await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet)]);
    const rv = await sealOf(relay);
    expect(rv.carry).toEqual([
      { artifactId: SEAL_ARTIFACTS.unsignedTx('propose'), to: 'air-gapped-member' },
      { artifactId: SEAL_ARTIFACTS.messageSet, to: 'air-gapped-member' },
    ]);
    expect(rv.pendingTx).toMatchObject({ purpose: 'propose', status: 'unsigned' });
    // Trip 7: the set and the transaction in, together. The transaction waits for Erin's own result.
    await importFiles(erin.me, [
      await artifact(relay, SEAL_ARTIFACTS.messageSet),
      await artifact(relay, SEAL_ARTIFACTS.unsignedTx('propose')),
    ]);
    expect((await sealOf(erin.me)).pendingTx).toBeNull();
    expect(await tripOf(erin.me)).toEqual({ n: 8, total: 8, direction: 'out', what: 'proposal-signature-and-hand-over' });
    for (const j of d.joined.slice(0, 4)) {
      await importFiles(j.me, [await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet)]);
      await act(j.me, 'process');
      await d.confirmCode(j, 'messages-hash');
    }
    await act(erin.me, 'process');
    await d.confirmCode(erin, 'messages-hash');
    // Proposing checks the relay's transaction against Erin's processing: it becomes the one to sign, no request is written.
    const proposed = await act(erin.me, 'propose');
    expect(factOf(proposed, SEAL_FACTS.pendingTxFile)).toBe('tx-propose.json');
    expect(proposed.artifacts.map((a) => a.id)).not.toContain(SEAL_ARTIFACTS.proposeRequest);
    await signAndSubmit(erin.me);

    // Trip 8 also carries the hand-over: Erin's work ends without waiting for finalization.
    let ev = await sealOf(erin.me);
    expect(ev.step).toBe('hand-over');
    expect(ev.carry).toEqual([{ artifactId: SEAL_ARTIFACTS.txSignature('propose'), to: 'relay' }]);
    (erin.member.party as TestParty).core.exportTo(join((erin.member.party as TestParty).dir, '..', 'erin-dkg.yaml'));
    await act(erin.me, 'export-share-file', { format: 'dkg-yaml' });
    await act(erin.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
    await act(erin.me, 'cleanup');
    ev = await sealOf(erin.me);
    expect(ev.step).toBe('done');
    // Done on this computer; the last trip still takes the signature to the relay and the credentials to the coordinator.
    expect(ev.usbTrip).toEqual({ n: 8, total: 8, direction: 'out', what: 'proposal-signature-and-hand-over' });
    expect(ev.carry.map((c) => c.artifactId).sort()).toEqual([SEAL_ARTIFACTS.apiCredentials, SEAL_ARTIFACTS.txSignature('propose')].sort());

    // What trip 8 carried does its work: the relay submits, the coordinator takes the credentials, the committee finalizes.
    await carry(erin.me, SEAL_ARTIFACTS.txSignature('propose'), relay);
    await carry(erin.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
    for (const j of d.joined.slice(0, 4)) await d.propose(j);
    await act(d.coordinator, 'refresh');
    const cv = await sealOf(d.coordinator);
    expect(cv.keyServer).not.toBeNull();
    expect(cv.members[4]).toMatchObject({ proposed: true, credentials: true });
    // Bringing the finalized snapshot back is optional (a ninth trip, not in the count): it ends the tray.
    await act(relay, 'refresh');
    await carry(relay, SEAL_ARTIFACTS.snapshotFinalized, erin.me);
    ev = await sealOf(erin.me);
    expect(ev.usbTrip).toBeNull();
    expect(ev.carry).toEqual([]);
  }, 120_000);

  it("refuses to sign a relay's proposal that does not hold the member's own result, and asks for one with a request instead", async () => {
    const w = await makeWorld(3, 2, { airGapped: [2] });
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    for (const j of d.joined) await d.register(j);
    await d.refreshAll();
    const erin = d.joined[2]!;
    const relay = erin.relay!;
    await carry(relay, SEAL_ARTIFACTS.snapshotRegistered, erin.me);
    await d.messagesAll();
    // A relay that sends the wrong transaction as the proposal: Erin's own registration
    // transaction, well formed and sent by Erin, but not the proposal her processing gives.
    const register = decodeBundlePayload<Record<string, unknown>>(await artifact(relay, SEAL_ARTIFACTS.unsignedTx('register')));
    const forged = await signedBundleAs(
      relay.party as TestParty,
      relay.id,
      { ...register.header, phase: 3, step: SEAL_BUNDLE_STEPS.unsignedTx('propose', 1) },
      { ...register.payload, purpose: 'propose', attempt: 1 },
    );
    await importFiles(erin.me, [await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet), forged]);
    expect((await view(erin.me)).activity.some((a) => /Proposal transaction from your relay kept/.test(a.summary))).toBe(true);
    await act(erin.me, 'process');
    await d.confirmCode(erin, 'messages-hash');
    const v = await act(erin.me, 'propose');
    expect(v.activity[0]!.summary).toMatch(
      /^Discarded the proposal transaction your relay sent: .*calls .*::register, not .*::propose.*Wrote the proposal request/,
    );
    expect(factOf(v, SEAL_FACTS.pendingTxFile)).toBeUndefined();
    expect(v.artifacts.map((a) => a.id)).toContain(SEAL_ARTIFACTS.proposeRequest);
    // The request path takes the extra trips it needs, and the app counts them.
    expect(await tripOf(erin.me)).toEqual({ n: 8, total: 10, direction: 'out', what: 'proposal-request' });
  }, 120_000);
});
