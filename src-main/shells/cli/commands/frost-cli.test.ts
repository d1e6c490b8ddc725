import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../core/app/create-app.ts';
import { productProtocols } from '../../../core/app/protocols.ts';
import { decodeContact } from '../../../core/formats/frost/contact.ts';
import { openFrostClientGroup, parseFrostClientConfig } from '../../../core/formats/frost/config-toml.ts';
import { MemoryKeychain } from '../../../core/vault/index.ts';
import { repoRoot } from '../../../core/testing/vectors.ts';
import { runCli } from '../test-support.ts';
import { setCliCoreFactory } from './engine-for-cli.ts';

// The commands run in-process; each data folder's vault is keyed by an in-memory keychain
// (the real-keychain path is the same VaultService the vault tests cover).
const keychains = new Map<string, MemoryKeychain>();
beforeAll(() =>
  setCliCoreFactory((dataDir) => {
    if (!keychains.has(dataDir)) keychains.set(dataDir, new MemoryKeychain());
    return createApp({ dataDir, shell: 'cli', keychain: keychains.get(dataDir)!, protocols: productProtocols() });
  }),
);
afterAll(() => setCliCoreFactory(null));

const run = (dataDir: string, ...argv: string[]) => runCli([...argv, '--data-dir', dataDir]);

function seed004(): string {
  const dir = resolve(repoRoot, '..', 'shared', 'seeds');
  return readFileSync(
    join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('004_'))!,
    ),
    'utf8',
  );
}
const SEED_GROUP = '7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c';

describe('ceremony frost contact', () => {
  it('init needs a vault (or --create-vault), prints the contact string and fingerprint, and refuses a second key', async () => {
    const d = mkdtempSync(join(tmpdir(), 'frost-cli-'));
    const none = await run(d, 'frost', 'contact', 'init', '--name', 'Bob');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^ceremony: There is no vault in .* --create-vault/);
    const r = await run(d, 'frost', 'contact', 'init', '--name', 'Bob', '--create-vault');
    expect(r.code).toBe(0);
    const contact = /zffrost1[0-9a-z]+/.exec(r.out)![0];
    expect(decodeContact(contact).name).toBe('Bob');
    expect(r.out).toMatch(/Fingerprint .*: [0-9a-f]{4}( [0-9a-f]{4}){4}/);
    const again = await run(d, 'frost', 'contact', 'init', '--name', 'Bob');
    expect(again.code).toBe(1);
    expect(again.err).toContain('You already have a communication key');
    const exp = JSON.parse((await run(d, 'frost', 'contact', 'export', '--json')).out);
    expect(exp).toMatchObject({ name: 'Bob', contact, contacts: [] });

    const alice = /echo \$ALICE_CONTACT\n(zffrost1[0-9a-z]+)/.exec(seed004())![1]!;
    const imp = await run(d, 'frost', 'contact', 'import', alice);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/^Imported Alice\. Fingerprint [0-9a-f ]{24}: compare it with Alice\.$/);
    const dup = await run(d, 'frost', 'contact', 'import', alice);
    expect(dup.code).toBe(1);
    expect(dup.err.split('\n')).toHaveLength(1);
    expect(dup.err).toContain('Alice is already in your contacts');
    expect(JSON.parse((await run(d, 'frost', 'contact', 'export', '--json')).out).contacts).toHaveLength(1);
  });
});

describe('ceremony frost import / export-toml', () => {
  it("imports seed 004's frost-client config into the vault and exports it back as a 0600 frost-client config", async () => {
    const d = mkdtempSync(join(tmpdir(), 'frost-cli-'));
    const text = seed004();
    const start = text.indexOf('```\n', text.indexOf("Here's a look at Alice's TOML after the process:")) + 4;
    const toml = join(d, 'alice.toml');
    writeFileSync(toml, text.slice(start, text.indexOf('```', start)));
    const r = await run(d, 'frost', 'import', toml, '--create-vault', '--json');
    // The only thing on stderr is the note that the vault was created.
    expect(r.err).toMatch(/^ceremony: created a keychain vault in \S+\n?$/);
    const { imported } = JSON.parse(r.out) as { imported: { id: string; groupKey: string }[] };
    expect(imported).toHaveLength(1);
    expect(imported[0]!.groupKey).toBe(SEED_GROUP);
    // The data folder holds no copy of the share (it went to the vault, encrypted).
    const out = join(d, 'export.toml');
    const e = await run(d, 'frost', 'export-toml', imported[0]!.id, '--out', out);
    expect(e.code).toBe(0);
    expect(e.out).toContain('in clear');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const g = openFrostClientGroup(SEED_GROUP, parseFrostClientConfig(readFileSync(out, 'utf8')).groups[SEED_GROUP]!);
    expect(g.keyPackage.identifier).toBe('577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05');
    const again = await run(d, 'frost', 'export-toml', imported[0]!.id, '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    expect((await run(d, 'frost', 'export-toml', imported[0]!.id, '--out', out, '--force')).code).toBe(0);
  });

  it('refuses a frost-client config from a newer format version', async () => {
    const d = mkdtempSync(join(tmpdir(), 'frost-cli-'));
    const toml = join(d, 'new.toml');
    writeFileSync(toml, 'version = 1\n\n[contact]\n\n[group]\n');
    const r = await run(d, 'frost', 'import', toml, '--create-vault');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ceremony: This frost-client config uses format version 1, newer than the version 0/);
  });
});
