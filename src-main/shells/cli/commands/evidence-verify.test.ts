import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/encoding/canonical-json.ts';
import { encodeMessageJson, messageFileName } from '../../../core/crypto/seal/message-json.ts';
import { createDealerMessage } from '../../../core/crypto/seal/dealer.ts';
import { dealCheating } from '../../../core/crypto/seal/simulation.ts';
import { act, artifact, importRaw, view } from '../../../core/rehearsal/seal-driver.ts';
import { expectRefusal, makeWorld, sealStateOf } from '../../../core/testing/seal-world.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { runCli } from '../test-support.ts';

/**
 * Issue 17, acceptance 2: a Seal rehearsal with a cheating dealer (injected here: it signs with its
 * real DKG key a message whose share for M0 does not match its commitments). M0's processing
 * stops naming the dealer and saves evidence, which `ceremony evidence verify` confirms naming the
 * dealer; the same evidence edited to blame someone else, or with one byte of the message or of
 * the complaint changed, is refused (exit 1).
 */

describe('evidence against a cheating Seal dealer', () => {
  it('is saved by the member it cheated, verified by the CLI, and refused once edited', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await d.messagesAll();
    const victim = d.joined.find((j) => j.partyId === 0)!;
    const dealer = d.joined.find((j) => j.partyId === 2)!;
    const honest = d.joined.find((j) => j.partyId === 1)!;
    const s = sealStateOf(w.members[d.joined.indexOf(victim)]!, victim.me.id);
    const encryptionPks = [0, 1, 2].map((i) => hexToBytes(s.registrations.find((r) => r.partyId === i)!.encPk));

    // The dealer's app is not the one cheating: the test deals with the dealer's own DKG key.
    const vault = await w.members[d.joined.indexOf(dealer)]!.core.vault.unlockedVault();
    const dkgKeys = await vault.get(`${dealer.me.id}/dkg-keys`);
    const cheating = dealCheating({
      committeeId: s.committee.committeeId!,
      threshold: 2,
      encryptionPks,
      myPartyId: 2,
      signingSk: BigInt('0x' + bytesToHex(dkgKeys.subarray(32, 64))),
      victims: [0],
    });
    const file = (partyId: number, bytes: Uint8Array) => ({
      name: messageFileName(partyId),
      base64: Buffer.from(encodeMessageJson(bytes)).toString('base64'),
    });
    const honestMessage = await artifact(d.coordinator, SEAL_ARTIFACTS.collectedMessage(1));
    const imported = await importRaw(victim.me, [honestMessage, file(2, cheating)]);
    expect(imported.accepted, JSON.stringify(imported.outcomes)).toBe(2);

    const e = await expectRefusal(
      act(victim.me, 'process'),
      'seal/complaint',
      'M2 (party 2) signed a bad DKG message',
      'Nothing was proposed',
      'evidence-against-party-2.json',
    );
    expect(e.details).toMatchObject({ sender: 2, check: 'feldman', evidence: 'evidence-against-party-2.json' });
    const v = await view(victim.me);
    expect(v.view.protocol === 'seal' && v.view.evidence).toMatchObject({
      accused: 'M2 (party 2)',
      partyId: 2,
      check: 'feldman',
      artifactId: SEAL_ARTIFACTS.evidence(2),
      fileName: 'evidence-against-party-2.json',
    });
    expect(v.artifacts.map((a) => a.id)).toContain(SEAL_ARTIFACTS.evidence(2));
    expect(v.activity.map((a) => a.summary).join('\n')).toContain('Saved evidence against M2 (party 2) as evidence-against-party-2.json');

    const saved = await artifact(victim.me, SEAL_ARTIFACTS.evidence(2));
    const bytes = Buffer.from(saved.base64, 'base64');
    // Never the victim's ECIES or signing key.
    const victimKeys = await (await w.members[d.joined.indexOf(victim)]!.core.vault.unlockedVault()).get(`${victim.me.id}/dkg-keys`);
    expect(bytes.toString()).not.toContain(bytesToHex(victimKeys.subarray(0, 32)));
    expect(bytes.toString()).not.toContain(bytesToHex(victimKeys.subarray(32, 64)));

    const path = join(w.root, saved.name);
    writeFileSync(path, bytes);
    const ok = await runCli(['evidence', 'verify', path]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('Accused:    M2 (party 2');
    expect(ok.out).toContain('Accuser:    M0 (party 0');
    expect(ok.out).toContain('Check:      feldman');
    expect(ok.out).toContain("VERIFIED:   Party 0's decrypted share does not match the dealer's published commitments");
    const json = await runCli(['evidence', 'verify', path, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ verified: true, accused: { partyId: 2, name: 'M2' } });

    const doc = JSON.parse(readFileSync(path, 'utf8')) as { accused: number; message: string; complaint: { bytes: string } };
    const edited = (name: string, change: (x: typeof doc) => void) => {
      const copy = structuredClone(doc);
      change(copy);
      const p = join(w.root, name);
      writeFileSync(p, canonicalJson(copy) + '\n');
      return p;
    };
    const flip = (hex: string, at: number) =>
      hex.slice(0, at * 2) + ((parseInt(hex.slice(at * 2, at * 2 + 2), 16) ^ 1) | 0x100).toString(16).slice(1) + hex.slice(at * 2 + 2);
    for (const [name, change, why] of [
      ['blame-m1.json', (x: typeof doc) => void (x.accused = honest.partyId), 'REFUSED:    The accused party was changed'],
      [
        'blame-m1-resent.json',
        (x: typeof doc) => {
          x.accused = 1;
          x.message = '01' + x.message.slice(2);
        },
        'REFUSED:    The signature does not match',
      ],
      ['message-byte.json', (x: typeof doc) => void (x.message = flip(x.message, 200)), 'REFUSED:    The signature does not match'],
      [
        'complaint-byte.json',
        (x: typeof doc) => void (x.complaint.bytes = flip(x.complaint.bytes, 40)),
        'REFUSED:    The complaint does not hold',
      ],
    ] as const) {
      const r = await runCli(['evidence', 'verify', edited(name, change)]);
      expect(r.code, name).toBe(1);
      expect(r.out, name).toContain(why);
    }
    expect((await runCli(['evidence', 'verify', join(w.root, 'nothing-here.json')])).code).not.toBe(0);
  }, 90_000);

  it("is saved by the coordinator when a member's signed message fails the import checks, and verified by the CLI", async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await act(d.coordinator, 'refresh');
    const dealer = d.joined.find((j) => j.partyId === 2)!;
    const s = sealStateOf(w.coordinator, d.coordinator.id);
    const vault = await w.members[d.joined.indexOf(dealer)]!.core.vault.unlockedVault();
    const dkgKeys = await vault.get(`${dealer.me.id}/dkg-keys`);
    // Signed with M2's real key, with valid proofs, but dealt for a threshold of 3 instead of 2.
    const wrongDegree = createDealerMessage({
      committeeId: s.committee.committeeId!,
      threshold: 3,
      encryptionPks: [0, 1, 2].map((i) => hexToBytes(s.registrations.find((r) => r.partyId === i)!.encPk)),
      myPartyId: 2,
      signingSk: BigInt('0x' + bytesToHex(dkgKeys.subarray(32, 64))),
    });
    const r = await importRaw(d.coordinator, [{ name: wrongDegree.fileName, base64: Buffer.from(wrongDegree.json).toString('base64') }]);
    expect(r.accepted).toBe(0);
    expect(r.outcomes[0]!.error!.message).toContain('was made for a 3-of-3 committee');
    const v = await view(d.coordinator);
    expect(v.view.protocol === 'seal' && v.view.evidence).toMatchObject({ accused: 'M2 (party 2)', check: 'sanity' });
    const saved = await artifact(d.coordinator, SEAL_ARTIFACTS.evidence(2));
    const path = join(w.root, saved.name);
    writeFileSync(path, Buffer.from(saved.base64, 'base64'));
    const ok = await runCli(['evidence', 'verify', path]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('Accused:    M2 (party 2');
    expect(ok.out).toContain('VERIFIED:   3 commitments instead of the threshold 2');
    // Once M2's good message is in, the evidence no longer stops anything on the coordinator's screen.
    await act(dealer.me, 'create-message');
    await importRaw(d.coordinator, [await artifact(dealer.me, SEAL_ARTIFACTS.messageJson)]);
    const after = await view(d.coordinator);
    expect(after.view.protocol === 'seal' && after.view.evidence).toBeNull();
  }, 90_000);
});
