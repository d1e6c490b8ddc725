import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { scalarFromBytes } from '../../../core/crypto/seal/field.ts';
import { combinePartialUserKeys, derivePartialUserKey, fullId, verifyUserKey } from '../../../core/crypto/seal/user-key.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { findSecret, listFiles } from '../../../core/vault/test-support.ts';
import { createInlineRunner } from '../../../core/workers/inline.ts';
import { WORKER_TASKS } from '../../../core/workers/registry.ts';
import { subsets } from '../../../core/testing/subsets.ts';
import { proposalsOnLedger, runCli } from '../test-support.ts';
import { runSealRehearsal } from '../../../core/rehearsal/seal.ts';
import { runSealRotationRehearsal, type RotationRehearsalResult } from '../../../core/rehearsal/seal-rotation.ts';

const cli = (...argv: string[]) => runCli(argv);

const fast = { kdf: TEST_SCRYPT, runner: createInlineRunner(WORKER_TASKS) };
const id = fullId(hexToBytes('ef'.repeat(32)), utf8ToBytes('rotation rehearsal identity'));

/** The files a rotation rehearsal leaves, checked the way a script would: validate, configs, shares against the unchanged key. */
async function checkRotation(r: RotationRehearsalResult, keyServerPk: string, threshold: number): Promise<bigint[]> {
  const shares: bigint[] = [];
  for (const m of r.members) {
    const v = await cli('seal', 'validate', m.dkgYaml);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toContain(`rotation, version ${r.version}, member ${m.partyId} of ${r.members.length}`);
    expect(v.out).toContain(`✓`);
    expect(v.out).toContain('consistent: this share can be used to start the key server');
    expect(statSync(m.dkgYaml).mode & 0o777).toBe(0o600);
    const y = DkgYaml.parse(readFileSync(m.dkgYaml, 'utf8'));
    expect(y.isRotation()).toBe(true);
    expect(y.keyServerObjId()).toBe(r.keyServerObjId);
    expect(`0x${bytesToHex(y.keyServerPk())}`).toBe(keyServerPk);
    expect(y.outputVersions()).toEqual([r.version]);
    expect(y.members().indexOf(m.address)).toBe(m.partyId);
    shares.push(scalarFromBytes(y.masterShare(r.version)));
    const text = readFileSync(m.keyServerConfig, 'utf8');
    const ksc = parseDocument(text, { customTags: [] }).toJS() as { server_mode: Record<string, string> };
    expect(ksc.server_mode).toMatchObject({ member_address: m.address, key_server_obj_id: r.keyServerObjId });
    expect(text).toContain('committee_state: !Active');
    expect(text.match(/MASTER_SHARE_V\d+/g)!.every((x) => x === `MASTER_SHARE_V${r.version}`)).toBe(true);
  }
  const pk = hexToBytes(keyServerPk.slice(2));
  const partial = (i: number) => ({ partyId: i, key: derivePartialUserKey(shares[i]!, id) });
  const groups = subsets(
    r.members.map((m) => m.partyId),
    threshold,
  );
  for (const g of groups) expect(verifyUserKey(combinePartialUserKeys(g.map(partial), threshold), id, pk), `parties ${g}`).toBe(true);
  expect(verifyUserKey(combinePartialUserKeys(groups[0]!.slice(1).map(partial), threshold - 1), id, pk)).toBe(false);
  return shares;
}

/**
 * Issue 5 acceptance 2 and 4 through the CLI rehearsals: `rehearse seal` (3 members, threshold 2),
 * then `rehearse seal-rotation --keep 0,1 --join 2 --threshold 3` (v0 → v1: party 2 leaves), then
 * again from that folder (v1 → v2, with an air-gapped new member). After each: KEY_SERVER_PK
 * unchanged, every member's `seal validate` passes at the new version, any threshold of new
 * shares derives a user key that verifies, configs name the right MASTER_SHARE_V<k>, and no
 * current file holds a leaving member's share.
 */
describe('ceremony rehearse seal-rotation', () => {
  it("v0 → v1 → v2: same key, right versions, the leaving members' shares out of every current file", async () => {
    const root = mkdtempSync(join(tmpdir(), 'rehearse-rotation-'));
    const r0 = await runSealRehearsal({ dir: join(root, 'v0'), members: 3, threshold: 2, ...fast });
    const pk = r0.keyServerPk;
    const v0Share = (p: number) => DkgYaml.parse(readFileSync(r0.members[p]!.dkgYaml, 'utf8')).masterShare(0);
    // a folder written before rehearsal.json existed is read from its files
    rmSync(join(r0.dir, 'rehearsal.json'));

    const r1 = await runSealRotationRehearsal({ from: r0.dir, dir: join(root, 'v1'), keep: [0, 1], join: 2, threshold: 3, ...fast });
    expect(r1).toMatchObject({ fromVersion: 0, version: 1, keyServerObjId: r0.keyServerObjId, keyServerPk: pk });
    expect(r1.members.map((m) => [m.partyId, m.oldPartyId])).toEqual([
      [0, 0],
      [1, 1],
      [2, null],
      [3, null],
    ]);
    expect(r1.members.map((m) => m.dkgYaml)).toEqual([0, 1, 2, 3].map((j) => join(root, 'v1', `member-${j}`, 'dkg.yaml')));
    // continuing members keep their data folders (their v0 shares came from their vaults)
    expect(r1.members[0]!.dataDir).toBe(r0.members[0]!.dataDir);
    expect(r1.leaving).toEqual([{ oldPartyId: 2, address: r0.members[2]!.address, dataDir: r0.members[2]!.dataDir }]);
    await checkRotation(r1, pk, 3);
    // the leaving member's share is in no file of the new committee, and no config names it
    const leaving = v0Share(2);
    for (const f of listFiles(r1.dir)) {
      expect(findSecret(readFileSync(f), leaving), f).toEqual([]);
      if (f.endsWith('key-server-config.yaml')) expect(readFileSync(f, 'utf8')).not.toContain(r0.members[2]!.address);
    }
    // every new member proposed the same messages_hash with propose_for_rotation
    const proposals = proposalsOnLedger(r1.ledgerDir, 'propose_for_rotation');
    expect(proposals.map((p) => p.sender).sort()).toEqual(r1.members.map((m) => m.address).sort());
    const hashes = proposals.map((p) => p.messagesHash);
    expect(new Set(hashes).size).toBe(1);

    // v1 → v2 from the rotation's folder: member 0 leaves, 1 2 3 continue (new 0 1 2), one joins air-gapped
    const r2 = await runSealRotationRehearsal({
      from: r1.dir,
      dir: join(root, 'v2'),
      keep: [1, 2, 3],
      join: 1,
      threshold: 2,
      airGapped: 1,
      ...fast,
    });
    expect(r2).toMatchObject({ fromVersion: 1, version: 2, keyServerObjId: r0.keyServerObjId, keyServerPk: pk });
    expect(r2.members.map((m) => m.oldPartyId)).toEqual([1, 2, 3, null]);
    expect(r2.members[3]!.airGapped).toBe(true);
    expect(r2.members[1]!.dataDir).toBe(r1.members[2]!.dataDir);
    await checkRotation(r2, pk, 2);
    const leftV1 = DkgYaml.parse(readFileSync(r1.members[0]!.dkgYaml, 'utf8')).masterShare(1);
    for (const f of listFiles(r2.dir)) expect(findSecret(readFileSync(f), leftV1), f).toEqual([]);
    const agg = parseDocument(readFileSync(r2.coordinator.aggregatorConfig, 'utf8'), { customTags: [] }).toJS() as {
      key_server_object_id: string;
      api_credentials: Record<string, unknown>;
    };
    expect(agg.key_server_object_id).toBe(r0.keyServerObjId);
    expect(Object.keys(agg.api_credentials)).toHaveLength(4);
  }, 180_000);

  it('refuses bad arguments before touching anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-rotation-'));
    expect(
      (await cli('rehearse', 'seal-rotation', '--from', dir, '--keep', '0,x', '--threshold', '2', '--out', join(dir, 'o'))).err,
    ).toContain('--keep must list current party ids');
    expect(
      (await cli('rehearse', 'seal-rotation', '--from', dir, '--keep', '0', '--threshold', '2', '--out', join(dir, 'o'))).err,
    ).toContain('is not the folder of a `ceremony rehearse seal` run');
    expect((await cli('rehearse', 'seal-rotation', '--keep', '0', '--threshold', '2')).err).toContain(
      'Give --from DIR --keep 0,1 --join N --threshold T --out DIR2',
    );
  });
});
