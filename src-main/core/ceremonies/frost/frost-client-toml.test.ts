import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openFrostClientGroup, parseFrostClientConfig } from '../../formats/frost/config-toml.ts';
import { decodeFrostPostcard, encodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { frostClientDkgIdentifier } from '../../formats/frost/identifiers.ts';
import { simulateDkg } from '../../crypto/frost/simulate.ts';
import { redPallasValidate } from '../../testing/independent/redpallas-verifier.ts';
import { orchardSpendAuthBase } from '../../testing/orchard-vectors.ts';
import { seed004AliceToml, SEED004_GROUP } from '../../testing/frost-client-seed.ts';
import { exportFrostClientToml, frostClientServerUrl, importedWireId } from './frost-client-toml.ts';
import { act, readState, runDkg, runDkgSetup, runSigning, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties, secretOf } from '../../testing/frost-parties.ts';

const SEED_GROUP = SEED004_GROUP;

/**
 * What frost-client writes after `dkg -C redpallas` (cli/config.rs layout, as in seed 004): one
 * TOML per member of a 2-of-3 RedPallas group, the packages in the frost-core 2.x postcard layout.
 */
function redPallasFrostClientTomls(): { key: string; tomls: string[] } {
  const suite = 'FROST(Pallas, BLAKE2b-512)' as const;
  const names = ['Zoe', 'Yan', 'Xia'];
  const privs = names.map(() => x25519.utils.randomSecretKey());
  const pubs = privs.map((p) => bytesToHex(x25519.getPublicKey(p)));
  const ids = pubs.map((p) => frostClientDkgIdentifier(suite, '6f1a1c2e-8a0b-4a52-9d43-5d8b0c1e2f3a', hexToBytes(p)));
  const g = simulateDkg(suite, 3, 2, ids);
  const key = bytesToHex(g.publicKeyPackage.verifyingKey);
  const pkp = bytesToHex(encodeFrostPostcard('PublicKeyPackage', g.publicKeyPackage, { layout: '2.x' }));
  const tomls = names.map((_name, i) => {
    const contacts = names.flatMap((n, j) => (j === i ? [] : [`[contact.${n}]\nname = "${n}"\npubkey = "${pubs[j]}"\n`]));
    const participants = ids.map((id, j) => `[group.${key}.participant.${id}]\nidentifier = "${id}"\npubkey = "${pubs[j]}"\n`);
    return [
      `version = 0\n`,
      `[communication_key]\nprivkey = "${bytesToHex(privs[i]!)}"\npubkey = "${pubs[i]}"\n`,
      ...contacts,
      `[group.${key}]\ndescription = "Zcash treasury"\nciphersuite = "${suite}"\npublic_key_package = "${pkp}"\n` +
        `key_package = "${bytesToHex(encodeFrostPostcard('KeyPackage', g.keyPackages[ids[i]!]!))}"\nserver_url = "127.0.0.1:2744"\n`,
      ...participants,
    ].join('\n');
  });
  return { key, tomls };
}

const open: Party[][] = [];
afterAll(async () => {
  for (const ps of open) await closeAll(ps);
});
async function fresh(names: string[]) {
  const ps = await parties(names);
  open.push(ps);
  return ps;
}

async function exportToml(p: Party, options: { serverUrl?: string } = {}) {
  return exportFrostClientToml(
    readState(p),
    {
      has: async (n) => (await p.core.vault.unlockedVault()).has(`${p.id}/${n}`),
      read: (n) => secretOf(p, n),
    },
    options,
  );
}

describe('server_url as frost-client writes it', () => {
  it('is host:port whatever form the address was given in (frost-client adds https:// itself)', () => {
    expect(frostClientServerUrl('https://frostd.example.org:2744')).toBe('frostd.example.org:2744');
    expect(frostClientServerUrl('https://frostd.example.org:2744/')).toBe('frostd.example.org:2744');
    expect(frostClientServerUrl('frostd.example.org:2744')).toBe('frostd.example.org:2744');
    expect(frostClientServerUrl('https://127.0.0.1:443')).toBe('127.0.0.1');
    expect(frostClientServerUrl('http://127.0.0.1:41000')).toBe('http://127.0.0.1:41000'); // a local test relay keeps its scheme
    expect(() => frostClientServerUrl('https://frostd.example.org:2744/api')).toThrow(/must not have a path/);
  });
});

describe('frost-client TOML import', () => {
  it("imports the group of seed 004's Alice into the vault: key package secret, public data in state", async () => {
    const [me] = await fresh(['Alice']);
    const v = await me!.core.engine.create('frost', 'imported', false, { mode: 'import', toml: seed004AliceToml(), group: SEED_GROUP });
    me!.id = v.id;
    const s = readState(me!);
    expect(s.group!.verifyingKey).toBe(SEED_GROUP);
    expect(s.threshold).toBe(2);
    expect(s.description).toBe('DKG: Alice, Bob, Eve');
    expect(s.members.map((m) => m.name).sort()).toEqual(['Bob', 'Eve', 'Me']);
    expect(s.members.find((m) => m.id === s.me)!.identifier).toBe('577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05');
    expect(s.wireId).toBe(importedWireId(SEED_GROUP));
    const kp = decodeFrostPostcard('KeyPackage', s.suite, await secretOf(me!, 'key-package.1'));
    expect(bytesToHex(kp.verifyingKey)).toBe(SEED_GROUP);
    expect(bytesToHex(await secretOf(me!, 'comm-key'))).toBe('cb3d54011ad8c05d714ff2bb3b0466917723624ba89fd28b8df7c0a1b56b2e1a');
    // The share is nowhere in the public state.
    expect(JSON.stringify(s)).not.toContain(bytesToHex(kp.signingShare));
    // Exporting it again gives frost-client the same group back.
    // `--server-url https://h:p` is written as frost-client writes it.
    const withServer = parseFrostClientConfig(await exportToml(me!, { serverUrl: 'https://frostd.example.org:2744' }));
    expect(withServer.groups[SEED_GROUP]!.serverUrl).toBe('frostd.example.org:2744');
    const again = parseFrostClientConfig(await exportToml(me!));
    const g = openFrostClientGroup(SEED_GROUP, again.groups[SEED_GROUP]!);
    expect(bytesToHex(g.keyPackage.signingShare)).toBe(bytesToHex(kp.signingShare));
    expect(Object.keys(again.contacts).sort()).toEqual(['Bob', 'Eve']);
  });

  it('imports a RedPallas group written by frost-client (-C redpallas); two imported members sign over bundles', async () => {
    const { key, tomls } = redPallasFrostClientTomls();
    const [z, x] = await fresh(['Zoe', 'Xia']);
    for (const [p, t] of [
      [z!, tomls[0]!],
      [x!, tomls[2]!],
    ] as const)
      p.id = (await p.core.engine.create('frost', 'imported', false, { mode: 'import', toml: t, group: key })).id;
    const s = readState(z!);
    expect(s.suite).toBe('FROST(Pallas, BLAKE2b-512)');
    expect(s.group!.verifyingKey).toBe(key);
    expect(s.threshold).toBe(2);
    expect(s.members.map((m) => m.name).sort()).toEqual(['Me', 'Xia', 'Yan']);
    const msg = new TextEncoder().encode('spend from the treasury');
    const sig = await runSigning([z!, x!], [z!, x!], msg);
    expect(redPallasValidate(orchardSpendAuthBase(), hexToBytes(key), msg, hexToBytes(sig))).toBe(true);
  });

  it('refuses a TOML from a newer format version, a missing group, and a damaged group', async () => {
    const [me] = await fresh(['Alice']);
    const create = (toml: string, group = SEED_GROUP) =>
      me!.core.engine.create('frost', 'imported', false, { mode: 'import', toml, group });
    await expect(create(seed004AliceToml().replace('version = 0', 'version = 1'))).rejects.toMatchObject({
      code: 'frost/config-version-unsupported',
      message: expect.stringContaining('version 1, newer'),
    });
    await expect(create(seed004AliceToml(), 'ab'.repeat(32))).rejects.toMatchObject({
      code: 'frost/import-no-group',
      message: expect.stringContaining('7de1487fe264ab9a'),
    });
    await expect(
      create(seed004AliceToml().replace('key_package = "00b169f0da577250', 'key_package = "00b169f0da577251')),
    ).rejects.toMatchObject({ code: 'frost/config-inconsistent-group' });
    expect(me!.core.engine.list()).toEqual([]);
  });
});

describe('frost-client TOML export', () => {
  it("each member's export is a frost-client config that opens, and imported copies sign together over bundles", async () => {
    const ps = await fresh(['Alice', 'Bob', 'Carol']);
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Treasury', rehearsal: false });
    const key = await runDkg(ps);
    const tomls = await Promise.all(ps.map((p) => exportToml(p)));
    for (const [i, t] of tomls.entries()) {
      const cfg = parseFrostClientConfig(t);
      const g = openFrostClientGroup(key, cfg.groups[key]!);
      const s = readState(ps[i]!);
      expect(g.keyPackage.identifier).toBe(s.members.find((m) => m.id === s.me)!.identifier);
      expect(Object.keys(cfg.contacts).sort()).toEqual(['Alice', 'Bob', 'Carol'].filter((n) => n !== ps[i]!.name).sort());
      expect(bytesToHex(cfg.communicationKey!.publicKey)).toBe(s.members.find((m) => m.id === s.me)!.commKey);
      // frost-client 2.x reads the public key package without min_signers (postcard 2.x layout).
      expect(g.publicKeyPackage.minSigners).toBeUndefined();
      expect(Object.keys(g.participants)).toHaveLength(3);
    }
    // Alice and Carol move to new installs by importing their TOML, and sign there.
    const [a2, c2] = await fresh(['Alice2', 'Carol2']);
    for (const [p, t] of [
      [a2!, tomls[0]!],
      [c2!, tomls[2]!],
    ] as const)
      p.id = (await p.core.engine.create('frost', 'x', false, { mode: 'import', toml: t, group: key })).id;
    expect(readState(a2!).wireId).toBe(readState(c2!).wireId);
    const msg = new TextEncoder().encode('after migration');
    const sig = await runSigning([a2!, c2!], [a2!, c2!], msg);
    expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
    await act(a2!, 'verify', { message: Buffer.from(msg).toString('base64'), signature: sig });
  });
});
