import { readFileSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { scalarFromBytes } from '../../../core/crypto/seal/field.ts';
import { combinePartialUserKeys, derivePartialUserKey, fullId, verifyUserKey } from '../../../core/crypto/seal/user-key.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { createInlineRunner } from '../../../core/workers/inline.ts';
import { WORKER_TASKS } from '../../../core/workers/registry.ts';
import { subsets } from '../../../core/testing/subsets.ts';
import { expectRecordAlterationsRefused, proposalsOnLedger, runCli, type RecordVerdictJson } from '../test-support.ts';
import { runSealRehearsal } from '../../../core/rehearsal/seal.ts';

const cli = (...argv: string[]) => runCli(argv);

/**
 * Acceptance 3 of issue 4: `ceremony rehearse seal --members 5 --threshold 3` completes; every
 * member's `ceremony seal validate` passes; any 3 members' shares threshold-derive a Seal user key
 * that verifies against KEY_SERVER_PK; all members proposed the same messages_hash (read from the
 * propose transactions on the rehearsal ledger).
 */
describe('ceremony rehearse seal --members 5 --threshold 3', () => {
  it('completes, and its files pass every check a script would run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rehearse-')), 'out');
    const r = await runSealRehearsal({
      dir,
      members: 5,
      threshold: 3,
      airGapped: 1,
      kdf: TEST_SCRYPT,
      runner: createInlineRunner(WORKER_TASKS),
    });
    expect(r.members.map((m) => m.partyId)).toEqual([0, 1, 2, 3, 4]);

    // every member's dkg.yaml: seal validate passes; the file holds the share and is 0600
    const shares: bigint[] = [];
    let partialPks: string[] | null = null;
    for (const m of r.members) {
      expect(m.dkgYaml).toBe(join(dir, `member-${m.partyId}`, 'dkg.yaml'));
      const v = await cli('seal', 'validate', m.dkgYaml);
      expect(v.code, v.out + v.err).toBe(0);
      expect(v.out).toContain(`member ${m.partyId} of 5`);
      expect(v.out).toContain('consistent: this share can be used to start the key server');
      expect(statSync(m.dkgYaml).mode & 0o777).toBe(0o600);
      const y = DkgYaml.parse(readFileSync(m.dkgYaml, 'utf8'));
      expect(y.myAddress()).toBe(m.address);
      expect(y.members().indexOf(m.address)).toBe(m.partyId);
      expect(bytesToHex(y.keyServerPk())).toBe(r.keyServerPk.slice(2));
      const pks = y.partialPks(0).map((p) => bytesToHex(p));
      partialPks ??= pks;
      expect(pks).toEqual(partialPks);
      shares.push(scalarFromBytes(y.masterShare(0)));
      // key-server-config.yaml: committee mode for this member and the finalized key server
      const ksc = parseDocument(readFileSync(m.keyServerConfig, 'utf8'), { customTags: [] }).toJS() as {
        server_mode: Record<string, string>;
      };
      expect(ksc.server_mode).toMatchObject({ member_address: m.address, key_server_obj_id: r.keyServerObjId });
    }

    // any 3 shares derive a user key that verifies against KEY_SERVER_PK; 2 do not suffice
    const pk = hexToBytes(r.keyServerPk.slice(2));
    const id = fullId(hexToBytes('ab'.repeat(32)), utf8ToBytes('rehearsal identity'));
    const partial = (i: number) => ({ partyId: i, key: derivePartialUserKey(shares[i]!, id) });
    const trios = subsets([0, 1, 2, 3, 4], 3);
    expect(trios).toHaveLength(10);
    for (const trio of trios) expect(verifyUserKey(combinePartialUserKeys(trio.map(partial), 3), id, pk), `parties ${trio}`).toBe(true);
    expect(verifyUserKey(combinePartialUserKeys([partial(0), partial(1)], 2), id, pk)).toBe(false);

    // all five members proposed the same messages_hash (decoded from the ledger's propose transactions)
    const proposals = proposalsOnLedger(r.ledgerDir, 'propose');
    expect(proposals.map((p) => p.sender).sort()).toEqual(r.members.map((m) => m.address).sort());
    const hashes = proposals.map((p) => p.messagesHash);
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^0x[0-9a-f]{64} \(32 bytes\)$/);

    // the coordinator's aggregator config names every member's on-chain server
    const agg = parseDocument(readFileSync(r.coordinator.aggregatorConfig, 'utf8'), { customTags: [] }).toJS() as {
      key_server_object_id: string;
      api_credentials: Record<string, unknown>;
    };
    expect(agg.key_server_object_id).toBe(r.keyServerObjId);
    expect(Object.keys(agg.api_credentials).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `rehearsal-server-${i}`));

    // issue 17: the coordinator collected the ceremony record from the credentials bundles, signed by the coordinator and every member
    const rec = await cli('record', 'verify', r.coordinator.record, '--json');
    const verdict = JSON.parse(rec.out) as RecordVerdictJson;
    expect(verdict.problems).toEqual([]);
    expect(rec.code).toBe(0);
    expect(verdict.signed.map((s) => [s.participant, s.valid])).toEqual(
      ['coordinator', 'member-0', 'member-1', 'member-2', 'member-3', 'member-4'].map((p) => [p, true]),
    );
    expect(verdict.notSigned).toEqual([]);
    const everyMember = [0, 1, 2, 3, 4].map((i) => `member-${i}`);
    expect(verdict.codes.map((c) => [c.moment, c.confirmedBy])).toEqual([
      ['committee', everyMember],
      ['messages-hash', everyMember],
    ]);
    expect(verdict.codes[1]!.code).toBe(r.messagesHashCheckCode);
    await expectRecordAlterationsRefused(r.coordinator.record, join(dir, '..'));

    // the data folders stay usable: reopen a member's install with its passphrase vault
    const reopened = await createApp({ dataDir: r.members[0]!.dataDir, shell: 'cli', kdf: TEST_SCRYPT });
    await reopened.vault.unlock(r.passphrase!);
    const view = reopened.engine.view(r.members[0]!.ceremonyId);
    expect(view.status).toBe('completed');
    expect(view.rehearsal).toBe(true);
    // issue 13: the member compared both codes with the coordinator and every other member before registering and proposing
    const others = 'the coordinator, Member 1, Member 2, Member 3 and Member 4';
    expect(view.activity.filter((a) => a.step === 'confirm-code').map((a) => a.summary)).toEqual([
      `Codes match: messages_hash check code ${r.messagesHashCheckCode}, heard from ${others}`,
      expect.stringMatching(new RegExp(`^Codes match: committee check code \\d{4}-\\d{4}-\\d{4}, heard from ${others}$`)),
    ]);
    expect((await reopened.vault.list()).map((s) => s.kind).sort()).toContain('seal.share');
    await reopened.close();
  }, 120_000);

  it('refuses a folder that is not empty and impossible sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-'));
    expect((await cli('rehearse', 'seal', '--members', '5', '--threshold', '6', '--out', join(dir, 'x'))).err).toContain(
      '--threshold must be from 2 to the number of members (5)',
    );
    expect((await cli('rehearse', 'seal', '--members', '3', '--threshold', '2', '--out', join(tmpdir()))).err).toContain('is not empty');
  });
});
