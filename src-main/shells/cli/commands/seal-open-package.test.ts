import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/encoding/canonical-json.ts';
import { fingerprintOf } from '../../../core/encoding/check-code.ts';
import { act, artifact, factOf, view } from '../../../core/rehearsal/seal-driver.ts';
import { makeRotation, makeWorld, type TestParty } from '../../../core/testing/seal-world.ts';
import { findSecret, listFiles } from '../../../core/vault/test-support.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, SealView } from '../../../../src-shared/ceremonies/seal.ts';
import { runCli } from '../test-support.ts';

const PASS = 'operator package passphrase';
const open = (file: string, folder: string, passphrase = PASS) =>
  runCli(['seal', 'open-package', file, folder, '--json'], { CEREMONY_PACKAGE_PASSPHRASE: passphrase });
const errorCode = (out: string) => (JSON.parse(out) as { error: { code: string } }).error.code;
const modeOf = (p: string) => statSync(p).mode & 0o777;

/**
 * The hand-over for a key server someone else runs: the member writes one encrypted package
 * (`export-key-server-package`), the operator opens it with `ceremony seal open-package`, on a
 * machine with no vault and no ceremony.
 */
describe('ceremony seal open-package', () => {
  it('round trip: the env file as export-share-file writes it, the config artifact, and a README naming the commands; no secret elsewhere', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.runAll();
    const out = mkdtempSync(join(tmpdir(), 'ksp-'));
    const j = d.joined[0]!;
    const party = j.member.party as TestParty;
    const sv = async () => SealView.parse((await view(j.me)).view);
    expect((await sv()).handover).toMatchObject({ share: false });
    expect((await view(j.me)).next.map((a) => a.action)).toContain('export-key-server-package');

    // the member writes the package (the path stands in for the save dialog)
    const pkg = join(out, 'alice-key-server-package.json');
    party.core.exportTo(pkg);
    await act(j.me, 'export-key-server-package', { passphrase: PASS });
    expect(modeOf(pkg)).toBe(0o600);
    // it counts as the share's hand-over, recorded with where it went
    const after = await sv();
    expect(after.handover).toMatchObject({ share: true });
    expect(after.share!.handoffs).toEqual([{ method: 'key-server-package', where: pkg, at: expect.any(String) }]);
    expect(factOf(await view(j.me), SEAL_FACTS.shareHandoff)).toContain(`key-server-package ${pkg}`);
    // never over an existing file
    party.core.exportTo(pkg);
    await expect(act(j.me, 'export-key-server-package', { passphrase: PASS })).rejects.toThrow(/already exists/);
    // a passphrase under 12 characters is refused at the boundary
    await expect(act(j.me, 'export-key-server-package', { passphrase: 'too short' })).rejects.toThrow(/12 characters/);

    // the env export, to compare with
    const env = join(out, 'exported.env');
    party.core.exportTo(env);
    await act(j.me, 'export-share-file', { format: 'env' });

    // the operator opens it into a new folder
    const folder = join(out, 'operator', 'key-server');
    const r = await open(pkg, folder);
    expect(r.code, r.err).toBe(0);
    const names = readdirSync(folder).sort();
    expect(names).toEqual(['README.txt', 'key-server-config.yaml', 'master-share-v0.env']);
    for (const n of names) expect(modeOf(join(folder, n)), n).toBe(0o600);
    expect(readFileSync(join(folder, 'master-share-v0.env'), 'utf8')).toBe(readFileSync(env, 'utf8'));
    const config = await artifact(j.me, SEAL_ARTIFACTS.keyServerConfig);
    expect(readFileSync(join(folder, 'key-server-config.yaml'))).toEqual(Buffer.from(config.base64, 'base64'));
    const readme = readFileSync(join(folder, 'README.txt'), 'utf8');
    expect(readme).toContain('npx ceremony seal open-package');
    expect(readme).toContain('set -a; . FOLDER/master-share-v0.env; set +a');
    expect(readme).toContain('CONFIG_PATH=FOLDER/key-server-config.yaml cargo run --bin key-server');
    expect(readme).toMatch(/delete the plain files from this folder/);
    expect(readme).toContain(factOf(await view(j.me), SEAL_FACTS.keyServerObjId)!);
    const reply = JSON.parse(r.out) as { folder: string; files: string[]; member: string };
    expect(reply.folder).toBe(folder);
    expect(reply.member.length).toBeGreaterThan(0);
    expect(readme.split('\n')[0]).toContain(reply.member);
    expect(reply.files).toHaveLength(3);
    // the text output gives the start command with the real folder
    const text = await runCli(['seal', 'open-package', pkg, join(out, 'again')], { CEREMONY_PACKAGE_PASSPHRASE: PASS });
    expect(text.out).toContain(`CONFIG_PATH=${join(out, 'again', 'key-server-config.yaml')} cargo run --bin key-server`);

    // the passphrase is not journaled, not even as a digest of the input
    const journals = listFiles(party.dir).filter((f) => f.endsWith('journal.jsonl'));
    const lines = journals.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
    const line = lines
      .map((l) => JSON.parse(l) as { step: string; inputDigest: string; summary: string })
      .find((e) => e.step === 'export-key-server-package');
    expect(line?.inputDigest).toBe(fingerprintOf(canonicalJson({})));
    expect(line?.summary).toContain(pkg);

    // the scan: the share never in a reply, the journal, the state or any file of the data
    // folder; the passphrase neither (the renderer sends it, it never comes back)
    const v = await party.core.vault.unlockedVault();
    const share = await v.get(v.list().find((m) => m.kind === 'seal.share')!.id);
    const replies = JSON.stringify(party.replies);
    expect(findSecret(replies, share)).toEqual([]);
    expect(replies).not.toContain(PASS);
    const files = listFiles(party.dir);
    expect(files.some((f) => f.endsWith('journal.jsonl')) && files.some((f) => f.endsWith('state.json'))).toBe(true);
    for (const f of files) {
      expect(findSecret(readFileSync(f), share), f).toEqual([]);
      expect(readFileSync(f, 'utf8').includes(PASS), f).toBe(false);
    }
    // positive control: the finder does see it where the operator asked for it, and the package hides it
    expect(findSecret(readFileSync(join(folder, 'master-share-v0.env')), share).length).toBeGreaterThan(0);
    expect(findSecret(readFileSync(pkg), share)).toEqual([]);
  }, 120_000);

  it('refuses a wrong passphrase, a damaged package and a folder in use, writing nothing', async () => {
    const w = await makeWorld(2, 2);
    await w.driver.runAll();
    const j = w.driver.joined[1]!;
    const out = mkdtempSync(join(tmpdir(), 'ksp-'));
    const pkg = join(out, 'p.json');
    (j.member.party as TestParty).core.exportTo(pkg);
    await act(j.me, 'export-key-server-package', { passphrase: PASS });

    const wrong = await open(pkg, join(out, 'a'), 'a wrong passphrase here');
    expect(wrong.code).toBe(1);
    expect(errorCode(wrong.out)).toBe('seal/package-wrong-passphrase');
    expect(wrong.err).toMatch(/does not open this package/);
    expect(existsSync(join(out, 'a'))).toBe(false);

    const doc = JSON.parse(readFileSync(pkg, 'utf8')) as { ciphertext: string };
    const c = Buffer.from(doc.ciphertext, 'base64');
    c[c.length - 20]! ^= 0x80;
    const damaged = join(out, 'damaged.json');
    writeFileSync(damaged, JSON.stringify({ ...doc, ciphertext: c.toString('base64') }));
    const bad = await open(damaged, join(out, 'b'));
    expect(errorCode(bad.out)).toBe('seal/package-damaged');
    expect(existsSync(join(out, 'b'))).toBe(false);
    const cut = join(out, 'cut.json');
    writeFileSync(cut, readFileSync(pkg).subarray(0, 200));
    expect(errorCode((await open(cut, join(out, 'c'))).out)).toBe('seal/not-a-package');

    // a folder with anything in it is refused before the passphrase is asked for
    const used = join(out, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'master-share-v0.env'), 'keep me');
    const busy = await open(pkg, used);
    expect(errorCode(busy.out)).toBe('cli/file-exists');
    expect(readFileSync(join(used, 'master-share-v0.env'), 'utf8')).toBe('keep me');
    // an empty folder is fine
    mkdirSync(join(out, 'empty'));
    expect((await open(pkg, join(out, 'empty'))).code).toBe(0);

    // no passphrase and no terminal to ask on
    const none = await runCli(['seal', 'open-package', pkg, join(out, 'd'), '--json'], {});
    expect(errorCode(none.out)).toBe('cli/missing-passphrase');
  }, 120_000);

  it('is not offered before the key server is known, and refused with what to do instead', async () => {
    const w = await makeWorld(2, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    await d.proposeAll();
    const j = d.joined[0]!;
    expect((await view(j.me)).next.map((a) => a.action)).not.toContain('export-key-server-package');
    (j.me.party as TestParty).core.exportTo(join(w.root, 'early.json'));
    await expect(act(j.me, 'export-key-server-package', { passphrase: PASS })).rejects.toMatchObject({ code: 'seal/not-finalized' });
    expect(existsSync(join(w.root, 'early.json'))).toBe(false);
  }, 120_000);

  it('a continuing member during a rotation: both shares and the Rotation config, exactly as the env export', async () => {
    const w = await makeWorld(3, 2);
    await w.driver.runAll();
    const ksId = factOf(await view(w.driver.coordinator), SEAL_FACTS.keyServerObjId)!;
    const r = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1], join: 1, threshold: 2 });
    const d = r.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    await d.proposeAll();
    const j = d.joined[0]!;
    const party = j.me.party as TestParty;
    const out = mkdtempSync(join(tmpdir(), 'ksp-'));
    party.core.exportTo(join(out, 'during.env'));
    await act(j.me, 'export-share-file', { format: 'env' });
    party.core.exportTo(join(out, 'pkg.json'));
    await act(j.me, 'export-key-server-package', { passphrase: PASS });
    const folder = join(out, 'ks');
    expect((await open(join(out, 'pkg.json'), folder)).code).toBe(0);
    const env = readFileSync(join(folder, 'master-share-v1.env'), 'utf8');
    expect(env).toBe(readFileSync(join(out, 'during.env'), 'utf8'));
    expect(env).toMatch(/^MASTER_SHARE_V0=0x[0-9a-f]{64}\nMASTER_SHARE_V1=0x[0-9a-f]{64}$/m);
    expect(readFileSync(join(folder, 'key-server-config.yaml'))).toEqual(
      Buffer.from((await artifact(j.me, SEAL_ARTIFACTS.keyServerConfig)).base64, 'base64'),
    );
    expect(readFileSync(join(folder, 'key-server-config.yaml'), 'utf8')).toContain('target_version: 1');
    expect(readFileSync(join(folder, 'README.txt'), 'utf8')).toMatch(/Key rotation: the server serves with MASTER_SHARE_V0/);
  }, 180_000);
});
