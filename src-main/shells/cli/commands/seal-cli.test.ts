import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { SealState } from '../../../core/ceremonies/seal/state.ts';
import { encodeMessageJson } from '../../../core/crypto/seal/message-json.ts';
import { dealCheating } from '../../../core/crypto/seal/simulation.ts';
import { CeremonyFolder } from '../../../core/engine/folder.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { TEST_SCRYPT } from '../../../core/vault/index.ts';
import { CLI_TEST_PASSPHRASE, cliTestInstall, codeToAdd, runCli } from '../test-support.ts';

const PASS = CLI_TEST_PASSPHRASE;

const cli = (dataDir: string, ...argv: string[]) => runCli([...argv, '--data-dir', dataDir], { CEREMONY_VAULT_PASSPHRASE: PASS });

const install = cliTestInstall;

/**
 * CLI parity with seal-committee-cli: the runbook's commands with `-c dkg.yaml`, on a
 * rehearsal ledger folder, one data folder per person; one member signs offline (--unsigned,
 * then `seal submit-signature`).
 */
describe('ceremony seal … (seal-committee-cli parity)', () => {
  it('publish-and-init, genkey-and-register, check-committee, create-message, process-all-and-propose, submit-signature', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seal-cli-'));
    const ledger = join(root, 'ledger');
    const dirs = { c: join(root, 'coordinator'), m0: join(root, 'm0'), m1: join(root, 'm1') };
    const coordinator = await install(join(dirs.c, 'data'), 'coordinator');
    const m0 = await install(join(dirs.m0, 'data'), 'm0');
    const m1 = await install(join(dirs.m1, 'data'), 'm1');
    const data = (d: string) => join(d, 'data');

    // the coordinator's hand-written init-params
    const cfg = join(dirs.c, 'dkg.yaml');
    writeFileAtomic(cfg, `# my committee\n${DkgYaml.create({ network: 'Testnet', threshold: 2, members: [m0, m1] }).toString()}`);
    const pub = await cli(
      data(dirs.c),
      'seal',
      'publish-and-init',
      '-c',
      cfg,
      '--network',
      `rehearsal:${ledger}`,
      '--address',
      coordinator,
      '--json',
    );
    expect(pub.code, pub.err).toBe(0);
    const published = JSON.parse(pub.out) as { committeeId: string; committeePkg: string; invitation: string; checkCode: string };
    expect(published.checkCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const y = DkgYaml.parse(readFileSync(cfg, 'utf8'));
    expect(y.committeeId()).toBe(published.committeeId);
    expect(y.coordinatorAddress()).toBe(coordinator);
    expect(readFileSync(cfg, 'utf8')).toContain('# my committee');
    expect(readFileSync(cfg, 'utf8')).toContain(`CEREMONY_NETWORK: 'rehearsal:${ledger}'`);
    expect(existsSync(published.invitation)).toBe(true);
    // running it again changes nothing
    expect((await cli(data(dirs.c), 'seal', 'publish-and-init', '-c', cfg)).code).toBe(0);
    expect(DkgYaml.parse(readFileSync(cfg, 'utf8')).committeeId()).toBe(published.committeeId);

    // members get dkg.yaml
    const c0 = join(dirs.m0, 'dkg.yaml');
    const c1 = join(dirs.m1, 'dkg.yaml');
    copyFileSync(cfg, c0);
    copyFileSync(cfg, c1);
    // issue 13: registering waits for the committee check code the coordinator announced
    const genkey0 = ['seal', 'genkey-and-register', '-c', c0, '-u', 'https://ks0.example', '-n', 'ks0'];
    const ask = await cli(data(dirs.m0), ...genkey0);
    expect(ask.code).toBe(1);
    expect(ask.err).toBe(
      `ceremony: Nothing was registered: compare the committee check code ${published.checkCode} with the code your coordinator announced, then run again with --committee-code ${published.checkCode}.`,
    );
    expect(codeToAdd(ask, 'committee-code')).toBe(published.checkCode);
    const differs = await cli(data(dirs.m0), ...genkey0, '--committee-code', '0000-0000-0000', '--json');
    expect(differs.code).toBe(1);
    expect(JSON.parse(differs.out)).toMatchObject({ ok: false, error: { code: 'seal/codes-not-confirmed' } });
    expect(differs.err).toContain(`The committee check code here is ${published.checkCode}, not 0000-0000-0000: the codes differ.`);
    const r0 = await cli(data(dirs.m0), ...genkey0, '--committee-code', published.checkCode);
    expect(r0.code, r0.err).toBe(0);
    expect(r0.out).toContain('Registered on chain.');
    expect(DkgYaml.parse(readFileSync(c0, 'utf8')).myAddress()).toBe(m0);
    expect(DkgYaml.parse(readFileSync(c0, 'utf8')).dkgEncPk()).toHaveLength(48);
    // running it again needs no code; the journal holds both comparisons
    const again = await cli(data(dirs.m0), ...genkey0, '--json');
    expect(again.code, again.err).toBe(0);
    const { ceremonyId } = JSON.parse(again.out) as { ceremonyId: string };
    const shown = JSON.parse((await cli(data(dirs.m0), 'show', ceremonyId, '--json')).out) as { activity: { summary: string }[] };
    expect(shown.activity.map((a) => a.summary)).toEqual(
      expect.arrayContaining([
        `A code differs: committee check code ${published.checkCode}, compared with the coordinator — stop; do not register`,
        `Codes match: committee check code ${published.checkCode}, heard from the coordinator`,
      ]),
    );

    // m1 signs offline: --unsigned prints the bytes and digest; a wrong signature is refused
    const u = await cli(
      data(dirs.m1),
      'seal',
      'genkey-and-register',
      '-c',
      c1,
      '-u',
      'https://ks1.example',
      '-n',
      'ks1',
      '--committee-code',
      published.checkCode,
      '--unsigned',
      '--json',
    );
    expect(u.code, u.err).toBe(0);
    const unsigned = (JSON.parse(u.out) as { unsigned: { txBytes: string; digest: string; sender: string; purpose: string } }).unsigned;
    expect(unsigned).toMatchObject({ purpose: 'register', sender: m1 });
    const wrong = await cli(data(dirs.m1), 'seal', 'submit-signature', '-c', c1, '--signature', 'AAAA' + 'B'.repeat(60));
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/ceremony: .*signature/i);
    const signer = await createApp({ dataDir: data(dirs.m1), shell: 'cli', kdf: TEST_SCRYPT });
    await signer.vault.unlock(PASS);
    const { signature } = await signer.wallet.signTransaction(m1, unsigned.txBytes);
    await signer.close();
    const sigFile = join(root, 'sig.json');
    writeFileAtomic(sigFile, JSON.stringify({ suiSignature: signature }));
    const sub = await cli(data(dirs.m1), 'seal', 'submit-signature', '-c', c1, '--signature', `@${sigFile}`);
    expect(sub.code, sub.err).toBe(0);
    expect(sub.out).toContain(`Submitted register (digest ${unsigned.digest})`);

    const chk = await cli(data(dirs.c), 'seal', 'check-committee', '-c', cfg, '--json');
    expect(chk.code, chk.err).toBe(0);
    expect(JSON.parse(chk.out)).toMatchObject({ state: 'Init', missing: [] });
    expect((JSON.parse(chk.out) as { registered: unknown[] }).registered).toHaveLength(2);

    // messages: message_<P>.json next to each dkg.yaml, collected into one dkg-messages folder
    const msgs = join(root, 'dkg-messages');
    mkdirSync(msgs);
    for (const [i, c, d] of [
      [0, c0, dirs.m0],
      [1, c1, dirs.m1],
    ] as const) {
      const r = await cli(data(d), 'seal', 'create-message', '-c', c);
      expect(r.code, r.err).toBe(0);
      copyFileSync(join(d, `message_${i}.json`), join(msgs, `message_${i}.json`));
    }

    // issue 17: a cheating dealer (m1's real key signs a share for m0 that does not match its
    // commitments): m0's run stops naming m1 and leaves evidence next to dkg.yaml that verifies
    const good1 = readFileSync(join(msgs, 'message_1.json'));
    const m1App = await createApp({ dataDir: data(dirs.m1), shell: 'cli', kdf: TEST_SCRYPT });
    await m1App.vault.unlock(PASS);
    const m1Id = m1App.engine.list()[0]!.id;
    const m1Keys = await (await m1App.vault.unlockedVault()).get(`${m1Id}/dkg-keys`);
    const m1State = new CeremonyFolder(join(data(dirs.m1), 'ceremonies'), m1Id).readState<SealState>().protocolState;
    await m1App.close();
    const cheating = dealCheating({
      committeeId: m1State.committee.committeeId!,
      threshold: 2,
      encryptionPks: [0, 1].map((i) => hexToBytes(m1State.registrations.find((r) => r.partyId === i)!.encPk)),
      myPartyId: 1,
      signingSk: BigInt('0x' + bytesToHex(m1Keys.subarray(32, 64))),
      victims: [0],
    });
    writeFileAtomic(join(msgs, 'message_1.json'), encodeMessageJson(cheating));
    const cheated = await cli(data(dirs.m0), 'seal', 'process-all-and-propose', '-c', c0, '-m', msgs);
    expect(cheated.code).not.toBe(0);
    const evidencePath = join(dirs.m0, 'evidence-against-party-1.json');
    expect(cheated.err).toContain(`signed a bad DKG message: it fails the check of your share against its commitments`);
    expect(cheated.err).toContain(`Evidence against`);
    expect(cheated.err).toContain(`saved as ${evidencePath}`);
    const verified = await cli(data(dirs.c), 'evidence', 'verify', evidencePath);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/Accused: +.*\(party 1, 0x/);
    writeFileAtomic(join(msgs, 'message_1.json'), good1);

    // issue 16: as seal-committee-cli, a bad file in the folder refuses the whole run, naming it;
    // a byte-identical copy of a message is a no-op
    writeFileAtomic(join(msgs, 'stray.json'), '{"message": "00"}');
    const bad = await cli(data(dirs.m0), 'seal', 'process-all-and-propose', '-c', c0, '-m', msgs);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain(join(msgs, 'stray.json'));
    expect(bad.err).toContain('Nothing was processed or proposed');
    unlinkSync(join(msgs, 'stray.json'));
    copyFileSync(join(msgs, 'message_1.json'), join(msgs, 'message_1 (copy).json'));

    // issue 13: each member processes, then stops with the messages_hash check code to compare
    // (nothing proposed, nothing written to dkg.yaml); they compare, then run again with it
    const ask0 = await cli(data(dirs.m0), 'seal', 'process-all-and-propose', '-c', c0, '-m', msgs);
    expect(ask0.code).toBe(1);
    expect(ask0.err).toMatch(/^ceremony: Nothing was proposed: compare the messages_hash check code \d{4}-\d{4}-\d{4} with the code/m);
    // the checks report their progress on stderr, ending at the whole set
    expect(ask0.err).toMatch(
      /^Checking 2 DKG messages: 0 of 2 checked\nChecking 2 DKG messages: 1 of 2 checked\nChecking 2 DKG messages: 2 of 2 checked\n/m,
    );
    expect(DkgYaml.parse(readFileSync(c0, 'utf8')).has('PARTIAL_PKS_V0')).toBe(false);
    const ask1 = await cli(data(dirs.m1), 'seal', 'process-all-and-propose', '-c', c1, '-m', msgs, '--no-share');
    expect(ask1.code).toBe(1);
    const hashCode = codeToAdd(ask0, 'messages-hash-code');
    expect(codeToAdd(ask1, 'messages-hash-code')).toBe(hashCode);

    // m0 writes its share into dkg.yaml (as seal-committee-cli); m1 keeps it in the vault only
    const p0 = await cli(
      data(dirs.m0),
      'seal',
      'process-all-and-propose',
      '-c',
      c0,
      '-m',
      msgs,
      '--messages-hash-code',
      hashCode,
      '--json',
    );
    expect(p0.code, p0.err).toBe(0);
    expect(statSync(c0).mode & 0o777).toBe(0o600);
    expect((await cli(data(dirs.m0), 'seal', 'validate', c0)).code).toBe(0);
    expect(JSON.parse(p0.out)).toMatchObject({ messagesHashCheckCode: hashCode, proposed: true });
    const p1 = await cli(
      data(dirs.m1),
      'seal',
      'process-all-and-propose',
      '-c',
      c1,
      '-m',
      msgs,
      '--no-share',
      '--messages-hash-code',
      hashCode,
    );
    expect(p1.code, p1.err).toBe(0);
    const y1 = DkgYaml.parse(readFileSync(c1, 'utf8'));
    expect(y1.has('PARTIAL_PKS_V0')).toBe(true);
    expect(y1.has('MASTER_SHARE_V0')).toBe(false);
    expect(bytesHex(y1.keyServerPk())).toBe((JSON.parse(p0.out) as { keyServerPk: string }).keyServerPk);

    const fin = await cli(data(dirs.c), 'seal', 'check-committee', '-c', cfg);
    expect(fin.code, fin.err).toBe(0);
    expect(fin.out).toMatch(/state Finalized/);
    expect(fin.out).toMatch(/KEY_SERVER_OBJ_ID: 0x[0-9a-f]{64}/);
    expect(fin.out).toContain('name ks1 url https://ks1.example');
  }, 120_000);

  it('refuses a missing -c and a file without a committee', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seal-cli-'));
    expect((await cli(join(root, 'd'), 'seal', 'create-message')).err).toContain('-c <dkg.yaml>');
    const f = join(root, 'dkg.yaml');
    writeFileAtomic(f, DkgYaml.create({ network: 'Testnet', threshold: 2, members: ['0x1', '0x2'] }).toString());
    const r = await cli(join(root, 'd'), 'seal', 'genkey-and-register', '-c', f, '-u', 'https://x.example', '-n', 'x');
    expect(r.code).toBe(1);
    expect(r.err).toContain('has no COMMITTEE_ID');
  });
});

function bytesHex(b: Uint8Array): string {
  return `0x${Buffer.from(b).toString('hex')}`;
}
