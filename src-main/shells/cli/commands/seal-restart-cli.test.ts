import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { CLI_TEST_PASSPHRASE, cliTestInstall, codeToAdd, runCli } from '../test-support.ts';

const PASS = CLI_TEST_PASSPHRASE;
const cli = (dataDir: string, ...argv: string[]) => runCli([...argv, '--data-dir', dataDir], { CEREMONY_VAULT_PASSPHRASE: PASS });

const install = cliTestInstall;

/** The vault entries of one kind in a data folder: id and fingerprint of the public part. */
async function vaultIds(dataDir: string, kind: string): Promise<string[]> {
  const core = await createApp({ dataDir, shell: 'cli', kdf: TEST_SCRYPT });
  await core.vault.unlock(PASS);
  const ids = (await core.vault.unlockedVault())
    .list()
    .filter((m) => m.kind === kind)
    .map((m) => `${m.id} ${m.fingerprint}`);
  await core.close();
  return ids;
}

describe('ceremony seal restart', () => {
  it('m1 never registers: the coordinator restarts without m1 (one transaction signed elsewhere), m0 follows with --invitation, m2 joins the new file, and it finalizes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seal-restart-cli-'));
    const ledger = join(root, 'ledger');
    const dir = (n: string) => join(root, n);
    const data = (n: string) => join(root, n, 'data');
    const coordinator = await install(data('c'), 'coordinator');
    const [m0, m1, m2] = [await install(data('m0'), 'm0'), await install(data('m1'), 'm1'), await install(data('m2'), 'm2')];

    const cfg = join(dir('c'), 'dkg.yaml');
    writeFileAtomic(cfg, `# my committee\n${DkgYaml.create({ network: 'Testnet', threshold: 2, members: [m0, m1, m2] }).toString()}`);
    const pub = await cli(data('c'), 'seal', 'publish-and-init', '-c', cfg, '--network', `rehearsal:${ledger}`, '--address', coordinator);
    expect(pub.code, pub.err).toBe(0);
    const oldId = DkgYaml.parse(readFileSync(cfg, 'utf8')).committeeId();

    // m0 registers on the first committee (joined from dkg.yaml, as seal-committee-cli users do)
    const c0 = join(dir('m0'), 'dkg.yaml');
    copyFileSync(cfg, c0);
    const genkey0 = ['seal', 'genkey-and-register', '-c', c0, '-u', 'https://ks0.example', '-n', 'ks0'];
    const r0 = await cli(data('m0'), ...genkey0, '--committee-code', codeToAdd(await cli(data('m0'), ...genkey0), 'committee-code'));
    expect(r0.code, r0.err).toBe(0);
    const oldKeys = await vaultIds(data('m0'), 'seal.dkg-keys');
    expect(oldKeys).toHaveLength(1);

    // usage errors say what to give
    const none = await cli(data('c'), 'seal', 'restart', '-c', cfg);
    expect(none.code).toBe(1);
    expect(none.err).toContain('--without <address> (repeatable) or --replace <old>=<new>');
    const tooHigh = await cli(data('c'), 'seal', 'restart', '-c', cfg, '--without', m1, '--without', m2);
    expect(tooHigh.code).toBe(1);
    expect(tooHigh.err).toContain('a Seal committee needs at least 2');

    // the restart stops at the publish transaction (--unsigned), which is signed elsewhere; running it again goes on
    const u = await cli(data('c'), 'seal', 'restart', '-c', cfg, '--without', m1, '--unsigned', '--json');
    expect(u.code, u.err).toBe(0);
    const unsigned = (JSON.parse(u.out) as { unsigned: { txBytes: string; purpose: string; sender: string } }).unsigned;
    expect(unsigned).toMatchObject({ purpose: 'publish', sender: coordinator });
    expect(DkgYaml.parse(readFileSync(cfg, 'utf8')).committeeId()).toBe(oldId);
    const signer = await createApp({ dataDir: data('c'), shell: 'cli', kdf: TEST_SCRYPT });
    await signer.vault.unlock(PASS);
    const { signature } = await signer.wallet.signTransaction(coordinator, unsigned.txBytes);
    await signer.close();
    const sub = await cli(data('c'), 'seal', 'submit-signature', '-c', cfg, '--signature', signature);
    expect(sub.code, sub.err).toBe(0);
    const done = await cli(data('c'), 'seal', 'restart', '-c', cfg, '--json');
    expect(done.code, done.err).toBe(0);
    const restarted = JSON.parse(done.out) as { committeeId: string; abandonedCommitteeId: string; checkCode: string; invitation: string };
    expect(restarted.abandonedCommitteeId).toBe(oldId);
    const y = DkgYaml.parse(readFileSync(cfg, 'utf8'));
    expect(y.committeeId()).toBe(restarted.committeeId);
    expect(y.committeeId()).not.toBe(oldId);
    expect(y.members()).toEqual([m0, m2]);
    expect(y.threshold()).toBe(2);
    expect(readFileSync(cfg, 'utf8')).toContain('# my committee');
    // the file no longer names a committee to restart from this install's point of view: running it again refuses
    expect((await cli(data('c'), 'seal', 'restart', '-c', join(dir('m0'), 'dkg.yaml'), '--without', m1)).code).toBe(1);

    // m0's ceremony follows the restart (the old DKG keys leave the vault); m2 joins the new file
    copyFileSync(cfg, c0);
    const c2 = join(dir('m2'), 'dkg.yaml');
    copyFileSync(cfg, c2);
    const follow = await cli(data('m0'), ...genkey0, '--invitation', restarted.invitation, '--committee-code', restarted.checkCode);
    expect(follow.code, follow.err).toBe(0);
    expect(follow.out).toContain('Registered on chain.');
    // the same ceremony (same vault id), with other keys: the old ones are gone
    const newKeys = await vaultIds(data('m0'), 'seal.dkg-keys');
    expect(newKeys).toHaveLength(1);
    expect(newKeys[0]!.split(' ')[0]).toBe(oldKeys[0]!.split(' ')[0]);
    expect(newKeys[0]).not.toBe(oldKeys[0]);
    const r2 = await cli(
      data('m2'),
      'seal',
      'genkey-and-register',
      '-c',
      c2,
      '-u',
      'https://ks2.example',
      '-n',
      'ks2',
      '--committee-code',
      restarted.checkCode,
    );
    expect(r2.code, r2.err).toBe(0);

    const msgs = join(root, 'dkg-messages');
    mkdirSync(msgs);
    for (const [p, c, d] of [
      [0, c0, 'm0'],
      [1, c2, 'm2'],
    ] as const) {
      const r = await cli(data(d), 'seal', 'create-message', '-c', c);
      expect(r.code, r.err).toBe(0);
      copyFileSync(join(dir(d), `message_${p}.json`), join(msgs, `message_${p}.json`));
    }
    const hashCode = codeToAdd(await cli(data('m0'), 'seal', 'process-all-and-propose', '-c', c0, '-m', msgs), 'messages-hash-code');
    for (const [c, d] of [
      [c0, 'm0'],
      [c2, 'm2'],
    ] as const) {
      const p = await cli(data(d), 'seal', 'process-all-and-propose', '-c', c, '-m', msgs, '--no-share', '--messages-hash-code', hashCode);
      expect(p.code, p.err).toBe(0);
    }
    const fin = await cli(data('c'), 'seal', 'check-committee', '-c', cfg);
    expect(fin.code, fin.err).toBe(0);
    expect(fin.out).toMatch(/state Finalized/);
  }, 180_000);
});
