import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFrostClientConfig, stringifyFrostClientConfig } from '../../formats/frost/config-toml.ts';
import { decodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { seed004AliceSecrets, seed004AliceToml, SEED004_GROUP } from '../../testing/frost-client-seed.ts';
import { closeAll, parties, secretOf } from '../../testing/frost-parties.ts';
import { readState, type Party } from '../../rehearsal/frost.ts';
import { checkCodeOfGroupKey, groupCodeStatus } from './code-checks.ts';
import { previewFrostClientFile } from './frost-client-file.ts';
import { exportFrostClientToml } from './frost-client-toml.ts';

const dir = mkdtempSync(join(tmpdir(), 'frost-client-file-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The seed's file with its one group, plus a second one in a ciphersuite this app does not know. */
function twoGroupToml(): string {
  const cfg = parseFrostClientConfig(seed004AliceToml());
  const g = cfg.groups[SEED004_GROUP]!;
  return stringifyFrostClientConfig({
    ...cfg,
    groups: { ...cfg.groups, ['ab'.repeat(32)]: { ...g, description: 'Old experiment', ciphersuite: 'FROST(Unknown, SHA-0)' } },
  });
}

/** The secrets the seed's file holds in clear, as hex. */
const seedSecrets = () => seed004AliceSecrets().map((x) => bytesToHex(x.bytes));

const open: Party[][] = [];
afterAll(async () => {
  for (const ps of open) await closeAll(ps);
});
async function fresh(name: string): Promise<Party> {
  const ps = await parties([name]);
  open.push(ps);
  return ps[0]!;
}

/** Key packages and communication keys in the vault (what an import stores). */
async function importedSecrets(p: Party): Promise<string[]> {
  const v = await p.core.vault.unlockedVault();
  return v
    .list()
    .map((m) => m.id)
    .filter((id) => /\/(key-package\.\d+|comm-key)$/.test(id));
}

describe('frost.previewClientFile: the groups of a frost-client credentials file, public data only', () => {
  it("lists the seed's group as the screen shows it, and no secret of the file", async () => {
    const path = file('credentials.toml', seed004AliceToml());
    const preview = previewFrostClientFile(path);
    expect(preview.groups).toEqual([
      {
        key: SEED004_GROUP,
        description: 'DKG: Alice, Bob, Eve',
        suite: 'ed25519',
        code: checkCodeOfGroupKey(SEED004_GROUP),
        threshold: 2,
        n: 3,
        members: expect.arrayContaining([
          { name: 'Bob', you: false },
          { name: 'Eve', you: false },
          { name: null, you: true },
        ]) as unknown,
        problem: null,
      },
    ]);
    expect(preview.groups[0]!.members).toHaveLength(3);
    const json = JSON.stringify(preview);
    for (const secret of seedSecrets()) expect(json).not.toContain(secret);

    // Through the API (the contract parses the reply): the same, and still no secret.
    const p = await fresh('Alice');
    const reply = await p.core.dispatch('frost.previewClientFile', { path });
    expect(reply).toEqual({ ok: true, value: preview });
    for (const secret of seedSecrets()) expect(JSON.stringify(reply)).not.toContain(secret);
    // Nothing was written: no ceremony, no secret.
    expect(p.core.engine.list()).toEqual([]);
    expect(await importedSecrets(p)).toEqual([]);
  });

  it('lists a group it cannot import with the reason, next to the one it can', () => {
    const preview = previewFrostClientFile(file('two.toml', twoGroupToml()));
    expect(preview.groups.map((g) => [g.description, g.problem === null])).toEqual([
      ['DKG: Alice, Bob, Eve', true],
      ['Old experiment', false],
    ]);
    const bad = preview.groups[1]!;
    expect(bad).toMatchObject({
      suite: 'FROST(Unknown, SHA-0)',
      threshold: null,
      n: null,
      members: [],
      code: checkCodeOfGroupKey('ab'.repeat(32)),
    });
    expect(bad.problem).toContain('does not support');
  });

  it('refuses, each with its own code: a missing file, a folder, other files, a newer format, a file with no group', () => {
    const code = (path: string) => {
      try {
        previewFrostClientFile(path);
        return 'read';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code(join(dir, 'nowhere.toml'))).toBe('file/not-found');
    mkdirSync(join(dir, 'a-folder'));
    expect(code(join(dir, 'a-folder'))).toBe('file/unreadable');
    expect(code(file('contact.json', '{"name": "Bob"}'))).toBe('frost/config-not-frost-client');
    expect(code(file('Cargo.toml', '[package]\nname = "x"\nversion = "0.1.0"\n'))).toBe('frost/config-not-frost-client');
    expect(code(file('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x81])))).toBe('frost/config-not-frost-client');
    expect(code(file('newer.toml', seed004AliceToml().replace('version = 0', 'version = 1')))).toBe('frost/config-version-unsupported');
    const empty = stringifyFrostClientConfig({ ...parseFrostClientConfig(seed004AliceToml()), groups: {} });
    expect(code(file('no-group.toml', empty))).toBe('frost/import-no-group');
    expect(() => previewFrostClientFile(join(dir, 'contact.json'))).toThrow(
      /is not a frost-client credentials file \(it is not TOML: line 1/,
    );
    expect(() => previewFrostClientFile(join(dir, 'no-group.toml'))).toThrow(/holds no group yet/);
  });
});

describe("FrostCreate mode 'import-file': main reads the file at the path", () => {
  it('imports the chosen group under the name given; an imported group needs no code comparison here', async () => {
    const p = await fresh('Alice');
    const path = file('alice.toml', twoGroupToml());
    const v = await p.core.engine.create('frost', 'ignored', false, { mode: 'import-file', path, group: SEED004_GROUP, name: 'Alice' });
    p.id = v.id;
    expect(v.title).toBe('DKG: Alice, Bob, Eve');
    // The screen's one task is the ready group, with the same check code the preview showed.
    expect(v.view).toMatchObject({ step: 'ready', origin: 'frost-client-import', groupKeyCheck: 'not-needed', threshold: 2, n: 3 });
    expect(v.view).toMatchObject({ codes: { groupKey: checkCodeOfGroupKey(SEED004_GROUP) } });
    const s = readState(p);
    expect(s.origin).toBe('frost-client-import');
    expect(s.group!.verifyingKey).toBe(SEED004_GROUP);
    expect(s.members.map((m) => m.name).sort()).toEqual(['Alice', 'Bob', 'Eve']);
    expect(s.members.find((m) => m.id === s.me)!.name).toBe('Alice');
    // frost-client made the group, and its members compared it there: not asked again here.
    expect(groupCodeStatus(s).state).toBe('not-needed');
    expect(groupCodeStatus(s).code).toBe(checkCodeOfGroupKey(SEED004_GROUP));
    const kp = decodeFrostPostcard('KeyPackage', s.suite, await secretOf(p, 'key-package.1'));
    expect(bytesToHex(kp.signingShare)).toBe(seedSecrets()[0]);
    // The path went through the engine; the file's secrets are nowhere in what it wrote.
    const stateJson = JSON.stringify(s);
    for (const secret of seedSecrets()) expect(stateJson).not.toContain(secret);
    // It can go back to frost-client at once (the export is gated on the comparison only for groups made here).
    const again = await exportFrostClientToml(s, {
      has: async (n) => (await p.core.vault.unlockedVault()).has(`${p.id}/${n}`),
      read: (n) => secretOf(p, n),
    });
    expect(Object.keys(parseFrostClientConfig(again).groups)).toEqual([SEED004_GROUP]);
  });

  it('refuses a wrong path, a group not in the file, an unusable group, a damaged group and a taken name, with nothing imported', async () => {
    const p = await fresh('Alice');
    const two = file('two-again.toml', twoGroupToml());
    const create = (params: Record<string, unknown>) =>
      p.core.engine.create('frost', 'x', false, { mode: 'import-file', path: two, group: SEED004_GROUP, ...params });
    await expect(create({ path: join(dir, 'missing.toml') })).rejects.toMatchObject({ code: 'file/not-found' });
    await expect(create({ group: 'cd'.repeat(32) })).rejects.toMatchObject({
      code: 'frost/import-no-group',
      message: expect.stringContaining('Old experiment'),
    });
    await expect(create({ group: 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'frost/config-unsupported-suite' });
    const damaged = file('damaged.toml', seed004AliceToml().replace('key_package = "00b169f0da577250', 'key_package = "00b169f0da577251'));
    await expect(create({ path: damaged })).rejects.toMatchObject({ code: 'frost/config-inconsistent-group' });
    await expect(create({ name: 'bob' })).rejects.toMatchObject({
      code: 'frost/contact-name-taken',
      message: expect.stringContaining('"Bob"'),
    });
    await expect(create({ path: '' })).rejects.toMatchObject({ code: 'api/invalid-input' });
    expect(p.core.engine.list()).toEqual([]);
    expect(await importedSecrets(p)).toEqual([]);
  });
});
