import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findSecret, listFiles } from '../../vault/test-support.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { combinePartialUserKeys, derivePartialUserKey, fullId, verifyUserKey } from '../../crypto/seal/user-key.ts';
import {
  SEAL_ARTIFACTS,
  SEAL_FACTS,
  SEAL_TAGS,
  sealLeavingParticipantId,
  sealParticipantId,
  sealShareSecretId,
} from '../../../../src-shared/ceremonies/seal.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { act, artifact, codeShown, factOf, view, type PartyCeremony } from '../../rehearsal/seal-driver.ts';
import { previewSealRotation } from './rotation.ts';
import { openChain } from '../../transports/sui/open-chain.ts';
import type { NetworkConfig } from '../../transports/sui/network.ts';
import { createInlineRunner } from '../../workers/inline.ts';
import { WORKER_TASKS } from '../../workers/registry.ts';
import { subsets } from '../../testing/subsets.ts';
import type { MemberState } from './state.ts';
import { makeRotation, makeWorld, sealStateOf, type TestParty } from '../../testing/seal-world.ts';

const text = (f: { base64: string }) => Buffer.from(f.base64, 'base64').toString('utf8');
const tagsOf = (v: CeremonyView, id: string) => v.participants.find((p) => p.id === id)?.tags ?? [];

/** The env file a member exports (mode 0600), as { MASTER_SHARE_V<k>: hex }. */
async function exportEnv(me: PartyCeremony, path: string): Promise<Record<string, string>> {
  (me.party as TestParty).core.exportTo(path);
  await act(me, 'export-share-file', { format: 'env' });
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const out: Record<string, string> = {};
  for (const m of readFileSync(path, 'utf8').matchAll(/^(MASTER_SHARE_V\d+)=0x([0-9a-f]{64})$/gm)) out[m[1]!] = m[2]!;
  return out;
}

/**
 * Issue 5, engine level: a finished 2-of-3 committee (member 1 air-gapped) rotates to 3-of-4:
 * members 0 and 1 continue (1 still air-gapped, behind its relay), member 2 leaves, two join.
 * The coordinator runs in member 0's install (only a current member may send init_rotation).
 * Continuing members' shares of version 0 come from their vaults by themselves.
 */
describe('Seal key rotation 2-of-3 → 3-of-4 (one continuing member air-gapped)', () => {
  it('keeps KEY_SERVER_PK, gives version-1 shares that any 3 combine, and retires the leaving member', async () => {
    const w = await makeWorld(3, 2, { airGapped: [1] });
    await w.driver.runAll();
    const old = await view(w.driver.coordinator);
    const ksId = factOf(old, SEAL_FACTS.keyServerObjId)!;
    const pk = factOf(old, SEAL_FACTS.keyServerPk)!;
    const leaving = w.driver.joined[2]!;
    const leavingShare = await (await w.members[2]!.core.vault.unlockedVault()).get(sealShareSecretId(leaving.me.id, 0));

    const r = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1], join: 2, threshold: 3, airGapped: [1] });
    const d = r.driver;
    // the rotation form's preview: the committee holding the key server now
    const services = { openChain: async (n: NetworkConfig) => (await openChain(n)).chain, runner: createInlineRunner(WORKER_TASKS) };
    const preview = await previewSealRotation(services, `rehearsal:${w.ledgerDir}`, ksId);
    expect(preview).toMatchObject({
      keyServerObjId: ksId,
      keyServerPk: pk,
      version: 0,
      threshold: 2,
      currentCommitteeId: factOf(old, SEAL_FACTS.committeeId),
    });
    expect(preview.members.map((m) => m.address)).toEqual(w.driver.plan.members.map((m) => m.address));
    // the air-gapped continuing member joins from the plain dkg.yaml (no rotation details in it)
    d.plan.members[1] = { ...d.plan.members[1]!, joinFrom: 'dkg-yaml' };
    await d.createCommittee();
    const c0 = await view(d.coordinator);
    expect(factOf(c0, SEAL_FACTS.rotation)).toContain('version 0 → 1: 2 continue, 1 leaves, 2 join');
    expect(factOf(c0, SEAL_FACTS.keyServerPk)).toBe(pk);
    // the invitation dkg.yaml has the rotation layout
    const inv = text(await artifact(d.coordinator, SEAL_ARTIFACTS.dkgYaml));
    const doc = parseDocument(inv).toJS() as Record<string, Record<string, unknown>>;
    expect(doc['init-rotation-params']).toEqual({ KEY_SERVER_OBJ_ID: ksId });
    expect(Object.keys(doc['init-rotation']!).sort()).toEqual([
      'COMMITTEE_ID',
      'COMMITTEE_PKG',
      'COORDINATOR_ADDRESS',
      'CURRENT_COMMITTEE_ID',
    ]);
    expect(doc['init-rotation']!.CURRENT_COMMITTEE_ID).toBe(factOf(old, SEAL_FACTS.committeeId));
    expect(doc['init-params']).toMatchObject({ THRESHOLD: 3 });
    expect(doc['publish-and-init']).toBeUndefined();

    await d.joinAll();
    // the online continuing member found its share of version 0 in the vault on join
    const stateOf = (k: number) => sealStateOf(d.joined[k]!.member.party as TestParty, d.joined[k]!.me.id) as MemberState;
    expect(stateOf(0).oldShare?.source).toBe('vault');
    expect(factOf(await view(d.joined[3]!.me), SEAL_FACTS.rotationPart)).toMatch(/^Joining: party 3 of version 1/);
    // the air-gapped one knows the rotation only once its relay's chain snapshot arrives
    expect(factOf(await view(d.joined[1]!.me), SEAL_FACTS.rotation)).toBe('Key rotation (details arrive with the chain snapshot)');
    expect(stateOf(1).rotation).toBeNull();

    await d.registerAll();
    // issue 13: each compared the one code the coordinator announces before registering, the
    // air-gapped member too, which joined from dkg.yaml and did not know the rotation's details yet
    const compared = async (k: number) => (await view(d.joined[k]!.me)).activity.find((a) => a.step === 'confirm-code')!.summary;
    const joinCode = codeShown(c0, 'committee')!;
    expect(joinCode).toBe(factOf(c0, SEAL_FACTS.committeeCheckCode));
    expect(await compared(0)).toMatch(new RegExp(`^Codes match: committee check code ${joinCode}, heard from the coordinator, `));
    expect(await compared(1)).toMatch(new RegExp(`^Codes match: committee check code ${joinCode}, heard from the coordinator, `));
    const offline = await view(d.joined[1]!.me);
    expect(factOf(offline, SEAL_FACTS.rotationPart)).toMatch(/^Continuing: party 1 of version 0 → party 1 of version 1/);
    expect(factOf(offline, SEAL_FACTS.rotationCheckCode)).toBe(factOf(c0, SEAL_FACTS.rotationCheckCode));
    expect(stateOf(1).oldShare).toBeNull(); // looked up in its offline vault when it deals
    // dashboard: who continues, leaves and joins
    const c1 = await view(d.coordinator);
    expect(tagsOf(c1, sealParticipantId.member(0))).toContain(SEAL_TAGS.continuing);
    expect(tagsOf(c1, sealParticipantId.member(1))).toContain(SEAL_TAGS.continuing);
    expect(tagsOf(c1, sealParticipantId.member(2))).toContain(SEAL_TAGS.joining);
    expect(tagsOf(c1, sealParticipantId.member(3))).toContain(SEAL_TAGS.joining);
    expect(c1.participants.find((p) => p.id === sealLeavingParticipantId(2))).toMatchObject({
      tags: [SEAL_TAGS.leaving],
      state: 'inactive',
    });
    expect(c1.headline).toContain('tell the continuing members to create their DKG messages');
    const joinerView = await view(d.joined[2]!.me);
    expect(joinerView.next.map((a) => a.action)).not.toContain('create-message');
    expect(joinerView.headline).toContain('deal nothing');

    // the air-gapped continuing member deals (with the share from its offline vault), then member 0
    d.plan.dealers = [1, 0];
    await d.messagesAll();
    expect(stateOf(1).oldShare?.source).toBe('vault');
    const c2 = await view(d.coordinator);
    expect(factOf(c2, 'Messages received')).toBe('2 of 2');
    await d.distributeMessageSet();
    for (const j of d.joined) {
      await act(j.me, 'process');
      const v = await view(j.me);
      expect(factOf(v, SEAL_FACTS.keyServerPk), 'the rebuilt key is the unchanged KEY_SERVER_PK').toBe(pk);
    }
    // before finalization: continuing members run Rotation { target_version: 1 } with both shares; joiners start Active with V1
    const cfg = async (j: (typeof d.joined)[number]) => text(await artifact(j.me, SEAL_ARTIFACTS.keyServerConfig));
    const cont = await cfg(d.joined[0]!);
    expect(cont).toContain('committee_state: !Rotation\n    target_version: 1');
    expect(cont).toContain('MASTER_SHARE_V0=0x<your share of version 0> and MASTER_SHARE_V1=0x<your share of version 1>');
    expect(cont).toContain(`key_server_obj_id: '${ksId}'`);
    expect(cont).not.toMatch(/VX/);
    const newcomer = await cfg(d.joined[2]!);
    expect(newcomer).toContain('committee_state: !Active');
    expect(newcomer).toContain('MASTER_SHARE_V1=0x<your share of version 1>');
    expect(newcomer).not.toContain('MASTER_SHARE_V0');
    const during = await exportEnv(d.joined[0]!.me, join(w.root, 'handoff-during.env'));
    expect(Object.keys(during)).toEqual(['MASTER_SHARE_V0', 'MASTER_SHARE_V1']);
    expect(factOf(await view(d.joined[0]!.me), SEAL_FACTS.shareEnvNames)).toBe('MASTER_SHARE_V0, MASTER_SHARE_V1');

    for (const j of d.joined) {
      // processing twice is a no-op; the proposal is propose_for_rotation
      await d.propose(j);
    }
    await d.finalizeAll();
    const done = await view(d.coordinator);
    expect(done.status).toBe('completed');
    expect(factOf(done, SEAL_FACTS.keyServerObjId)).toBe(ksId);
    expect(factOf(done, SEAL_FACTS.committeeVersion)).toBe('1');
    expect(done.facts.filter((f) => f.label === SEAL_FACTS.keyServerPk).map((f) => f.value)).toEqual([pk]);

    // after: every config is Active with V1; any 3 new shares derive a user key for the unchanged key
    const id = fullId(hexToBytes('cd'.repeat(32)), utf8ToBytes('rotation identity'));
    const shares: bigint[] = [];
    for (const [k, j] of d.joined.entries()) {
      const v = await view(j.me);
      expect(v.status, v.headline).toBe('completed');
      const c = await cfg(j);
      expect(c).toContain('committee_state: !Active');
      expect(c).toContain('MASTER_SHARE_V1');
      expect(c).not.toContain('MASTER_SHARE_V0');
      const env = await exportEnv(j.me, join(w.root, `handoff-after-${k}.env`));
      expect(Object.keys(env)).toEqual(['MASTER_SHARE_V1']);
      shares.push(scalarFromBytes(hexToBytes(env.MASTER_SHARE_V1!)));
    }
    const partial = (i: number) => ({ partyId: i, key: derivePartialUserKey(shares[i]!, id) });
    for (const trio of subsets([0, 1, 2, 3], 3))
      expect(verifyUserKey(combinePartialUserKeys(trio.map(partial), 3), id, hexToBytes(pk.slice(2))), `parties ${trio}`).toBe(true);
    expect(verifyUserKey(combinePartialUserKeys([partial(0), partial(1)], 2), id, hexToBytes(pk.slice(2)))).toBe(false);

    // the leaving member: its old ceremony sees the rotation and retires its share; no current file holds that share
    await act(leaving.me, 'refresh');
    const lv = await view(leaving.me);
    expect(lv.headline).toMatch(/^Rotated away: .*version 1.*You left: stop your key server/);
    expect(factOf(lv, SEAL_FACTS.retired)).toContain('MASTER_SHARE_V0 of this committee is retired');
    const stayed = await view(w.driver.joined[0]!.me);
    await act(w.driver.joined[0]!.me, 'refresh');
    expect((await view(w.driver.joined[0]!.me)).headline).toContain('You continue');
    expect(stayed.status).toBe('completed');
    const current = [
      ...r.parties.flatMap((p) => listFiles(join(p.dir, 'ceremonies')).filter((f) => d.joined.some((j) => f.includes(j.me.id)))),
      ...listFiles(w.root).filter((f) => f.includes('handoff-after')),
    ];
    expect(current.length).toBeGreaterThan(20);
    for (const f of current) expect(findSecret(readFileSync(f), leavingShare), f).toEqual([]);
  }, 120_000);
});
