import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { createInlineRunner } from '../../../core/workers/inline.ts';
import { WORKER_TASKS } from '../../../core/workers/registry.ts';
import { codeToAdd, runCli } from '../test-support.ts';
import { DEFAULT_REHEARSAL_PASSPHRASE, runSealRehearsal } from '../../../core/rehearsal/seal.ts';

const cli = (dataDir: string, ...argv: string[]) =>
  runCli([...argv, '--data-dir', dataDir], { CEREMONY_VAULT_PASSPHRASE: DEFAULT_REHEARSAL_PASSPHRASE });

const committeeTxs = (ledger: string) =>
  (JSON.parse(readFileSync(join(ledger, 'ledger.json'), 'utf8')) as { transactions: { functions: string[] }[] }).transactions.filter((t) =>
    t.functions.some((f) => f.includes('::seal_committee::')),
  ).length;

/**
 * CLI parity for a key rotation (seal-committee-cli's runbook with `-c dkg.yaml`): a 2-of-3
 * committee made by `rehearse seal` rotates to 2-of-3 with members 0 and 1 continuing, member 2
 * leaving and one new member: init-rotation (refusals first), genkey-and-register,
 * create-message (vault share; --old-share with a wrong value, a wrong version, then the right
 * file), init-state, process-all-and-propose, check-committee.
 */
describe('ceremony seal … for a key rotation', () => {
  it('init-rotation, genkey-and-register, create-message --old-share, init-state, process-all-and-propose, check-committee', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seal-rotation-cli-'));
    const r0 = await runSealRehearsal({
      dir: join(root, 'v0'),
      members: 3,
      threshold: 2,
      kdf: TEST_SCRYPT,
      runner: createInlineRunner(WORKER_TASKS),
    });
    const net = `rehearsal:${r0.ledgerDir}`;
    const [m0, m1, m2] = r0.members.map((m) => m.address);
    const dir = (i: number) => r0.members[i]!.dataDir;
    // the new member's install
    const newDir = join(root, 'new', 'data');
    const app = await createApp({ dataDir: newDir, shell: 'cli', kdf: TEST_SCRYPT });
    await app.vault.init({ kind: 'passphrase', passphrase: DEFAULT_REHEARSAL_PASSPHRASE });
    const n = (await app.wallet.generate('new member')).address;
    await app.close();

    // refused before any transaction: too few continuing members, a sender outside the current committee
    const rot = join(root, 'rotation');
    mkdirSync(rot);
    const before = committeeTxs(r0.ledgerDir);
    const tooFew = join(rot, 'too-few.yaml');
    writeFileAtomic(
      tooFew,
      DkgYaml.create({ network: 'Testnet', threshold: 2, members: [m0!, n], keyServerObjId: r0.keyServerObjId }).toString(),
    );
    const tf = await cli(dir(0), 'seal', 'init-rotation', '-c', tooFew, '--network', net, '--address', m0!);
    expect(tf.code).toBe(1);
    expect(tf.err).toContain('Only 1 of the 3 current members continue');
    const cfg = join(rot, 'dkg.yaml');
    writeFileAtomic(
      cfg,
      `# rotation\n${DkgYaml.create({ network: 'Testnet', threshold: 2, members: [m0!, m1!, n], keyServerObjId: r0.keyServerObjId }).toString()}`,
    );
    const outsider = await cli(newDir, 'seal', 'init-rotation', '-c', cfg, '--network', net, '--address', n);
    expect(outsider.code).toBe(1);
    expect(outsider.err).toContain('only lets a current member send init_rotation');
    expect(committeeTxs(r0.ledgerDir)).toBe(before);
    expect(DkgYaml.parse(readFileSync(cfg, 'utf8')).has('COMMITTEE_ID')).toBe(false);
    // a fresh-committee command points to the right one
    expect((await cli(dir(0), 'seal', 'publish-and-init', '-c', cfg, '--network', net)).err).toContain('ceremony seal init-rotation -c');

    const init = await cli(dir(0), 'seal', 'init-rotation', '-c', cfg, '--network', net, '--address', m0!, '--json');
    expect(init.code, init.err).toBe(0);
    const started = JSON.parse(init.out) as {
      committeeId: string;
      currentCommitteeId: string;
      fromVersion: number;
      toVersion: number;
      invitation: string;
      checkCode: string;
    };
    expect(started).toMatchObject({ currentCommitteeId: r0.committeeId, fromVersion: 0, toVersion: 1 });
    const y = DkgYaml.parse(readFileSync(cfg, 'utf8'));
    expect(y.sectionOf('COMMITTEE_ID')).toBe('init-rotation');
    expect(y.committeeId()).toBe(started.committeeId);
    expect(y.currentCommitteeId()).toBe(r0.committeeId);
    expect(y.coordinatorAddress()).toBe(m0);
    expect(readFileSync(cfg, 'utf8')).toContain('# rotation');
    expect(existsSync(started.invitation)).toBe(true);
    // running it again changes nothing
    const txs = committeeTxs(r0.ledgerDir);
    expect((await cli(dir(0), 'seal', 'init-rotation', '-c', cfg)).out).toContain(`COMMITTEE_ID: ${started.committeeId}`);
    expect(committeeTxs(r0.ledgerDir)).toBe(txs);

    // every member of the new committee gets the file
    const files = [join(rot, 'm0.yaml'), join(rot, 'm1.yaml'), join(rot, 'new.yaml')];
    const dataDirs = [dir(0), dir(1), newDir];
    files.forEach((f) => copyFileSync(cfg, f));
    // each compares the one code the coordinator announced (the committee check code, which names the committee it replaces) before registering
    for (const [i, f] of files.entries()) {
      const args = ['seal', 'genkey-and-register', '-c', f, '-u', `https://rot${i}.example`, '-n', `rot${i}`];
      const ask = await cli(dataDirs[i]!, ...args);
      expect(ask.code).toBe(1);
      expect(codeToAdd(ask, 'committee-code')).toBe(started.checkCode);
      const r = await cli(dataDirs[i]!, ...args, '--committee-code', started.checkCode);
      expect(r.code, r.err).toBe(0);
    }

    // continuing member 0: its share of version 0 comes from its vault
    const c0 = await cli(dataDirs[0]!, 'seal', 'create-message', '-c', files[0]!);
    expect(c0.code, c0.err).toBe(0);
    expect(c0.out).toContain('dealt with your share of version 0, from the vault');
    // continuing member 1 gives it with --old-share: a wrong value, a wrong version, then its dkg.yaml
    const share0 = bytesToHex(DkgYaml.parse(readFileSync(r0.members[0]!.dkgYaml, 'utf8')).masterShare(0));
    const wrong = await cli(dataDirs[1]!, 'seal', 'create-message', '-c', files[1]!, '--old-share', `0x${share0}`);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('does not hold your share of version 0: it does not match your partial key on chain (party 1');
    expect(wrong.err).not.toContain(share0);
    const v1file = join(rot, 'wrong-version.env');
    writeFileSync(v1file, `MASTER_SHARE_V1=0x${share0}\n`, { mode: 0o600 });
    expect((await cli(dataDirs[1]!, 'seal', 'create-message', '-c', files[1]!, '--old-share', v1file)).err).toContain(
      'holds MASTER_SHARE_V1, but this rotation needs MASTER_SHARE_V0',
    );
    const c1 = await cli(dataDirs[1]!, 'seal', 'create-message', '-c', files[1]!, '--old-share', r0.members[1]!.dkgYaml);
    expect(c1.code, c1.err).toBe(0);
    expect(c1.out).toContain('dealt with your share of version 0');
    // the new member deals nothing
    const cn = await cli(newDir, 'seal', 'create-message', '-c', files[2]!);
    expect(cn.code).toBe(1);
    expect(cn.err).toContain('run `ceremony seal init-state');
    const st = await cli(newDir, 'seal', 'init-state', '-c', files[2]!);
    expect(st.code, st.err).toBe(0);
    expect(st.out).toContain('no message is written');
    expect(existsSync(join(rot, 'message_2.json'))).toBe(false);

    // the coordinator's dkg-messages folder: exactly the 2 continuing members' messages
    const msgs = join(rot, 'dkg-messages');
    mkdirSync(msgs);
    for (const p of [0, 1]) copyFileSync(join(rot, `message_${p}.json`), join(msgs, `message_${p}.json`));
    const outs: string[] = [];
    const hashCodes = [];
    for (const [i, f] of files.entries()) {
      const ask = await cli(dataDirs[i]!, 'seal', 'process-all-and-propose', '-c', f, '-m', msgs);
      expect(ask.code).toBe(1);
      hashCodes.push(codeToAdd(ask, 'messages-hash-code'));
    }
    expect(new Set(hashCodes).size).toBe(1);
    for (const [i, f] of files.entries()) {
      const p = await cli(dataDirs[i]!, 'seal', 'process-all-and-propose', '-c', f, '-m', msgs, '--messages-hash-code', hashCodes[0]!);
      expect(p.code, p.err).toBe(0);
      outs.push(p.out);
      expect(p.out).toContain(`KEY_SERVER_PK: ${r0.keyServerPk} (unchanged by the rotation`);
      expect(p.out).toContain('Outputs and MASTER_SHARE_V1 written');
      expect(p.out).toContain('propose_for_rotation');
      const v = await cli(dataDirs[i]!, 'seal', 'validate', f);
      expect(v.code, v.out).toBe(0);
      expect(v.out).toContain('rotation, version 1');
    }
    // before the last proposal the continuing members' configs were written in Rotation mode, the new member's Active
    expect(outs[0]).toContain('key-server-config.yaml (!Rotation): MASTER_SHARE_V0, MASTER_SHARE_V1');
    expect(outs[2]).toContain('key-server-config.yaml (!Active): MASTER_SHARE_V1');

    // once finalized, check-committee brings member 0's config to Active with MASTER_SHARE_V1 only
    const fin = await cli(dataDirs[0]!, 'seal', 'check-committee', '-c', files[0]!);
    expect(fin.code, fin.err).toBe(0);
    expect(fin.out).toContain('COMMITTEE_VERSION: 1');
    expect(fin.out).toContain(`KEY_SERVER_OBJ_ID: ${r0.keyServerObjId}`);
    expect(fin.out).toContain('key-server-config.yaml (!Active): MASTER_SHARE_V1');
    const ksc = readFileSync(join(rot, 'key-server-config.yaml'), 'utf8');
    expect(ksc).toContain('committee_state: !Active');
    expect(ksc).not.toContain('MASTER_SHARE_V0');
    // the leaving member's old file: its committee was replaced, its share retired
    const gone = await cli(dir(2), 'seal', 'check-committee', '-c', r0.members[2]!.dkgYaml);
    expect(gone.code, gone.err).toBe(0);
    expect(gone.out).toContain('was replaced by a key rotation');
    expect(gone.out).toContain('You are not in the new committee: stop your key server');
    expect(m2).toBe(r0.members[2]!.address);
  }, 180_000);
});
