import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { describe, expect, it } from 'vitest';
import { calls } from '../../../src-shared/api/contract.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, sealShareSecretId } from '../../../src-shared/ceremonies/seal.ts';
import type { ShellCapabilities } from '../app/create-app.ts';
import { act, artifact, factOf, view } from '../rehearsal/seal-driver.ts';
import { scanReplies, type KnownSecret } from '../testing/reply-scan.ts';
import { makeWorld, type TestParty } from '../testing/seal-world.ts';
import { SssToolStandIn } from '../../standins/sss-tool/sss-tool.ts';
import { seed004AliceSecrets, seed004AliceToml } from '../testing/frost-client-seed.ts';

const BACKUP_PASS = 'a long backup passphrase';

async function vaultSecrets(parties: readonly TestParty[]): Promise<KnownSecret[]> {
  const out: KnownSecret[] = [];
  for (const p of parties) {
    const v = await p.core.vault.unlockedVault();
    for (const m of v.list()) {
      const bytes = await v.get(m.id);
      out.push({ id: `${p.name}:${m.id}`, bytes });
      // each half of enc_sk ‖ signing_sk on its own, too
      if (m.kind === 'seal.dkg-keys')
        out.push({ id: `${p.name}:${m.id}#enc`, bytes: bytes.slice(0, 32) }, { id: `${p.name}:${m.id}#sig`, bytes: bytes.slice(32) });
    }
  }
  return out;
}

/**
 * Issue 15, acceptance 4: during a whole Seal ceremony (with an air-gapped member and its relay),
 * EVERY call of the API contract is made with inputs that succeed, and every reply of every
 * install is scanned for every secret any vault holds (the group's sss-tool calls included): raw, hex, base64 at every alignment, inside
 * any decoded value, and any vault backup at all (opened with the passphrase used). The FROST and
 * group no-secrets tests run the same scan over their whole ceremonies.
 */
describe('every API call during a whole Seal ceremony: all ok, no secret-derived bytes in any reply', () => {
  it('covers the whole contract', async () => {
    const clipboard: string[] = [];
    const capabilities: ShellCapabilities = {
      pickFolder: async () => '/tmp',
      pickSavePath: async (_t, name) => join('/tmp', name),
      pickOpenPath: async () => '/tmp/x',
      copySecretToClipboard: async (text) => void clipboard.push(text),
    };
    const w = await makeWorld(3, 2, { airGapped: [2], capabilities });
    // makeWorld already made these for every install (makeParty: vault.init, then wallet.generate); their replies are in p.replies.
    const made = new Set<string>(['vault.init', 'wallet.generate']);
    for (const p of w.all) {
      const call = p.call.bind(p);
      p.call = async <T>(name: string, input: unknown) => {
        made.add(name);
        return call<T>(name, input);
      };
    }
    const d = w.driver;
    await d.runAll();
    const usb = join(w.root, 'usb');
    mkdirSync(usb);
    const j = d.joined[0]!;
    const m = j.member.party as TestParty;
    const relay = w.relays[2]!;

    // the share and API credentials hand-offs, and the coordinator's aggregator config
    m.core.exportTo(join(usb, 'share.env'));
    await act(j.me, 'export-share-file', { format: 'env' });
    await act(j.me, 'copy-share');
    for (const x of d.joined) {
      await act(x.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
      const cred = await artifact(x.me, SEAL_ARTIFACTS.apiCredentials);
      await w.coordinator.call('bundles.importFiles', { ceremonyId: d.coordinator.id, files: [cred] });
    }
    await act(j.me, 'copy-api-key');
    w.coordinator.core.exportTo(join(usb, 'aggregator-config.yaml'));
    await act(d.coordinator, 'export-aggregator-config');

    // the host calls
    await m.call('app.info', {});
    await m.call('app.pickFolder', { title: 'USB' });
    await m.call('app.pickOpenPath', { title: 'Open' });
    await m.call('app.pickSavePath', { title: 'Save', defaultName: 'x.ceremony' });
    await m.call('vault.status', {});
    await m.call('vault.list', {});
    await m.call('vault.lock', {});
    await m.call('vault.unlock', { passphrase: 'unused by a keychain vault' });
    const backup = join(usb, 'share.ceremony-backup');
    m.core.exportTo(backup);
    const written = await m.call<{ path: string }>('vault.exportBackup', { secretId: sealShareSecretId(j.me.id), passphrase: BACKUP_PASS });
    expect(written.path).toBe(backup);
    // the member proves the backup opens (main reads it by path), then sets the re-check period
    await m.call('vault.proveBackup', { path: backup, passphrase: BACKUP_PASS, secretId: sealShareSecretId(j.me.id) });
    await m.call('vault.setRecheckDays', { days: 30 });
    await m.call('vault.backupChecks', {});
    await relay.call('vault.inspectBackup', { base64: readFileSync(backup).toString('base64') });
    await relay.call('vault.importBackup', { base64: readFileSync(backup).toString('base64'), passphrase: BACKUP_PASS });
    await m.call('ceremonies.list', {});
    await m.call('ceremonies.get', { id: j.me.id });
    const message = await artifact(j.me, SEAL_ARTIFACTS.messageBundle);
    await m.call('bundles.inspect', message);
    await m.call('bundles.exportToFolder', { ceremonyId: j.me.id, artifactId: SEAL_ARTIFACTS.messageBundle, path: usb });
    await w.coordinator.call('bundles.importFolder', { ceremonyId: d.coordinator.id, path: usb });
    await m.call('drives.list', {});
    await m.call('wallet.accounts', {});
    const kp = new Ed25519Keypair();
    writeFileSync(join(usb, 'key.txt'), kp.getSecretKey() + '\n');
    await m.call('wallet.importFile', { path: join(usb, 'key.txt'), label: 'Imported' });
    const tx = JSON.parse(Buffer.from((await artifact(j.me, SEAL_ARTIFACTS.tx('propose'))).base64, 'base64').toString('utf8')) as {
      txBytes: string;
      sender: string;
    };
    await m.call('wallet.describeTransaction', { transaction: tx.txBytes });
    await m.call('wallet.signTransaction', { address: tx.sender, transaction: tx.txBytes });
    const ksId = factOf(await view(d.coordinator), SEAL_FACTS.keyServerObjId)!;
    await w.coordinator.call('seal.previewRotation', { network: `rehearsal:${w.ledgerDir}`, keyServerObjId: ksId });
    await m.call('seal.registerFunds', { ceremonyId: j.me.id });
    await m.call('seal.checkKeyServerUrl', { url: 'http://127.0.0.1:9/' });
    // the health check sends the API keys the coordinator holds to the members' URLs (nothing answers here); its reply holds none
    await w.coordinator.call('seal.checkKeyServers', { ceremonyId: d.coordinator.id });

    // the group's sss-tool compatible mode: the relay install and an sss-tool operator make a 2-of-2
    // group, then the coordinator's install imports that sss-tool operator's files
    mkdirSync(join(w.root, 'zed'));
    const zed = new SssToolStandIn(join(w.root, 'zed'));
    const sss = async (command: string, flags: Record<string, string> = {}) =>
      (await relay.call<{ stdout: string }>('groupSss.run', { command, flags })).stdout;
    const mergeJson = (parts: string[]) => JSON.stringify(Object.assign({}, ...parts.map((x) => JSON.parse(x) as object)));
    const lastLine = (x: string) => x.split('\n').at(-1)!;
    zed.run(['initialize', '--moniker', 'zed']);
    await sss('initialize', { moniker: 'relay' });
    const pubDatas = mergeJson([zed.run(['initial-pub-data', '--m', '2']), await sss('initial-pub-data', { m: '2' })]);
    const partialShares = mergeJson([
      lastLine(zed.run(['init-common', '--pub-datas', pubDatas])),
      lastLine(await sss('init-common', { pubDatas })),
    ]);
    zed.run(['init-my-share', '--pub-datas', pubDatas, '--partial-shares', partialShares]);
    await sss('init-my-share', { pubDatas, partialShares });
    expect(await sss('info')).toContain('My share initialized');
    await w.coordinator.call('groupSss.import', { privatePath: join(zed.dir, 'private.sss'), sharedPath: join(zed.dir, 'shared.sss') });

    // FROST: the groups of a frost-client credentials file, read by path (its own secrets are scanned for below)
    const credentials = join(usb, 'credentials.toml');
    writeFileSync(credentials, seed004AliceToml());
    await m.call('frost.previewClientFile', { path: credentials });

    expect(Object.keys(calls).filter((n) => !made.has(n))).toEqual([]);
    const replies = w.all.flatMap((p) => p.replies);
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    expect(clipboard).toHaveLength(2);

    const secrets = await vaultSecrets(w.all);
    secrets.push({ id: 'imported wallet key', bytes: new Uint8Array(Buffer.from(kp.getSecretKey())) });
    secrets.push(...seed004AliceSecrets());
    expect(secrets.length).toBeGreaterThan(20);
    expect(await scanReplies(replies, secrets, [BACKUP_PASS])).toEqual([]);
    // positive control: the scanner does find a backup and a secret when a reply carries them
    const leaky = [
      { ok: true as const, value: { file: readFileSync(backup).toString('base64'), hex: Buffer.from(secrets[0]!.bytes).toString('hex') } },
    ];
    const found = await scanReplies(leaky, secrets, [BACKUP_PASS]);
    expect(found).toContain('a vault backup in a reply');
    expect(found.some((f) => f.includes('in a decryptable backup'))).toBe(true);
    expect(found.some((f) => f.startsWith(secrets[0]!.id))).toBe(true);
  }, 180_000);
});
