import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { WalletAccount } from '../../../../src-shared/api/wallet.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { G1, mulBase } from '../../crypto/seal/groups.ts';
import { CeremonyFolder } from '../../engine/folder.ts';
import { readJournal } from '../../engine/journal.ts';
import { act, artifact, SealCeremonyDriver, signAndSubmit, type SealParty } from '../../rehearsal/seal-driver.ts';
import { PlainFileSecretStore } from '../../testing/file-secret-store.ts';
import { makeParty } from '../../testing/seal-world.ts';
import type { MemberState } from './state.ts';
import { memberEngine } from './test-support.ts';

const A_KEY = Ed25519Keypair.fromSecretKey(sha256(new TextEncoder().encode('seal restart crash member A')));

/**
 * The member's side of a restart is one step (the invitation import) that deletes the old DKG keys
 * and stores fresh ones before it commits. Interrupted at each of its points (the engine stops
 * there, as a killed process would, and a new engine opens the folder), importing the invitation
 * again leaves one consistent ceremony: the new committee, keys in the state that are the ones in
 * the vault, the old ones gone, one journal line for the restart.
 */
describe('restart import, interrupted at each commit point', () => {
  it('resumes to the same consistent ceremony', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seal-restart-crash-'));
    const coordinator = await makeParty(root, 'coordinator');
    const cAcct = await coordinator.call<WalletAccount>('wallet.generate', { label: 'C' });
    const noParty: SealParty = { name: 'A', call: () => Promise.reject(new Error('A runs through its own engine')) };
    const members = [{ party: noParty, address: A_KEY.toSuiAddress(), label: 'A' }];
    for (const name of ['B', 'Carol']) {
      const p = await makeParty(root, name);
      members.push({ party: p, address: (await p.call<WalletAccount>('wallet.generate', { label: name })).address, label: name });
    }
    const d = new SealCeremonyDriver({
      network: `rehearsal:${join(root, 'ledger')}`,
      threshold: 2,
      coordinator: { party: coordinator, address: cAcct.address },
      members,
    });
    await d.createCommittee();
    const bytesOf = async () => new Uint8Array(Buffer.from((await artifact(d.coordinator, SEAL_ARTIFACTS.invitation)).base64, 'base64'));
    const aDir = join(root, 'member-A');
    const aId = (await memberEngine(aDir).join('invitation.ceremony', await bytesOf(), { address: A_KEY.toSuiAddress() })).id;
    await memberEngine(aDir).act(aId, 'generate-keys', { serverUrl: 'https://ks-a.example', serverName: 'ks-a' });
    const folder = new CeremonyFolder(join(aDir, 'ceremonies'), aId);
    const oldEncPk = folder.readState<MemberState>().protocolState.keys!.encPk;

    await act(d.coordinator, 'restart-committee', { without: [members[2]!.address] });
    await act(d.coordinator, 'publish');
    await signAndSubmit(d.coordinator);
    await act(d.coordinator, 'init-committee');
    await signAndSubmit(d.coordinator);
    const invitation = await bytesOf();
    const snapshot = join(root, 'snapshot');
    cpSync(aDir, snapshot, { recursive: true });

    for (const point of ['after-secret', 'after-artifacts', 'after-journal', 'after-state']) {
      rmSync(aDir, { recursive: true, force: true });
      cpSync(snapshot, aDir, { recursive: true });
      const crashing = memberEngine(aDir, (step, p) => {
        if (step === 'bundle:invitation' && p === point) throw new Error(`stopped at ${point}`);
      });
      await expect(crashing.importFile(aId, 'seal-invitation.ceremony', invitation)).rejects.toThrow(`stopped at ${point}`);

      // the person opens the app again and imports the invitation again
      const o = await memberEngine(aDir).importFile(aId, 'seal-invitation.ceremony', invitation);
      if (point === 'after-state') expect(o.error?.code, point).toBe('bundle/duplicate');
      else expect(o.error, point).toBeNull();

      const st = folder.readState<MemberState>();
      expect(readJournal(folder.journalPath, st.journalHead).intact, point).toBe(true);
      expect(readJournal(folder.journalPath, st.journalHead).entries.filter((e) => e.step === 'bundle:invitation').length, point).toBe(1);
      const m = st.protocolState;
      expect(m.restart?.previousCommitteeIds.length, point).toBe(1);
      expect(
        m.committee.members.map((x) => x.label),
        point,
      ).toEqual(['A', 'B']);
      expect(st.meta.me.id).toBe('member-0');
      // the keys in the state are the ones in the vault, and not the old committee's
      const stored = await new PlainFileSecretStore(aDir).get(`${aId}/dkg-keys`);
      expect(bytesToHex(G1.encode(mulBase(G1, scalarFromBytes(stored.subarray(0, 32))))), point).toBe(m.keys!.encPk);
      expect(m.keys!.encPk, point).not.toBe(oldEncPk);
      expect(existsSync(join(aDir, 'ceremonies', aId, 'state.json'))).toBe(true);
    }
  }, 120_000);
});
