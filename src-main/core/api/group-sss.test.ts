import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type AppCore } from '../testing/whole-app.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import { SssToolStandIn } from '../../standins/sss-tool/sss-tool.ts';

/**
 * Issue 16 item 6, the wizard's path (`groupSss.run`, `groupSss.import` through the validated API):
 * an app operator and sss-tool operators (the stand-in) run a genesis, admit a newcomer together,
 * and the app imports an existing operator; no API reply carries a seed or share.
 */
const cores: AppCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function app() {
  const dir = mkdtempSync(join(tmpdir(), 'group-sss-api-'));
  const core = await createApp({ dataDir: dir, shell: 'cli', keychain: new MemoryKeychain(), kdf: TEST_SCRYPT });
  cores.push(core);
  await core.vault.init({ kind: 'keychain' });
  const replies: string[] = [];
  const call = async (name: string, input: unknown) => {
    const r = await core.dispatch(name, input);
    replies.push(JSON.stringify(r));
    if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
    return r.value as { stdout: string; info: string[] };
  };
  const sss = async (command: string, flags: Record<string, string> = {}) => (await call('groupSss.run', { command, flags })).stdout;
  return { core, call, sss, replies };
}

const tool = (name: string) => new SssToolStandIn(mkdtempSync(join(tmpdir(), `sss-api-${name}-`)));
const merge = (parts: string[]) => JSON.stringify(Object.assign({}, ...parts.map((p) => JSON.parse(p) as object)));
const last = (s: string) => s.split('\n').at(-1)!;

describe('groupSss API (the wizard’s sss-tool compatible mode)', () => {
  it('genesis with sss-tool operators, a newcomer approved by both sides, an existing operator imported', async () => {
    const carol = await app();
    const [alice, bob] = [tool('alice'), tool('bob')];
    alice.run(['initialize', '--moniker', 'alice']);
    bob.run(['initialize', '--moniker', 'bob']);
    await carol.sss('initialize', { moniker: 'carol' });
    const r1 = merge([
      alice.run(['initial-pub-data', '--m', '2']),
      bob.run(['initial-pub-data', '--m', '2']),
      await carol.sss('initial-pub-data', { m: '2' }),
    ]);
    const r2 = merge([
      last(alice.run(['init-common', '--pub-datas', r1])),
      last(bob.run(['init-common', '--pub-datas', r1])),
      last(await carol.sss('init-common', { pubDatas: r1 })),
    ]);
    alice.run(['init-my-share', '--pub-datas', r1, '--partial-shares', r2]);
    bob.run(['init-my-share', '--pub-datas', r1, '--partial-shares', r2]);
    await carol.sss('init-my-share', { pubDatas: r1, partialShares: r2 });
    const key = alice.run(['info']).split('\n')[3]!;
    expect(await carol.sss('info')).toContain(`${key}\nMy share initialized`);

    // newcomer with sss-tool; approvals from carol (app) and bob (sss-tool)
    const dave = tool('dave');
    dave.run(['initialize', '--moniker', 'dave']);
    copyFileSync(join(alice.dir, 'shared.sss'), join(dave.dir, 'shared.sss'));
    const pubkey = dave.run(['info']).split('\n').at(-1)!.replace('My public key: ', '');
    const quorum = '["bob","carol"]';
    const approvals = merge([
      await carol.sss('add-new', { moniker: 'dave', pubkey, quorum }),
      bob.run(['add-new', '--moniker', 'dave', '--pubkey', pubkey, '--quorum', quorum]),
    ]);
    dave.run(['init-new', '--partial-shares', approvals]);
    expect(dave.run(['info'])).toContain(`${key}\nMy share initialized`);

    // the app imports alice, an existing operator
    const alice2 = await app();
    const imported = await alice2.call('groupSss.import', {
      privatePath: join(alice.dir, 'private.sss'),
      sharedPath: join(alice.dir, 'shared.sss'),
    });
    expect(imported.info.join('\n')).toContain(`Moniker: alice\nInitialization ceremony complete.\nM = 2\n${key}\nMy share initialized`);

    // nothing secret crossed the boundary: the stored seeds and shares appear in no reply
    for (const p of [carol, alice2]) {
      const v = await p.core.vault.unlockedVault();
      for (const id of ['group/sss-tool/seed', 'group/sss-tool/share']) {
        const secret = Buffer.from(await v.get(id));
        const tail = secret.subarray(secret.length - 32);
        for (const r of p.replies) {
          expect(r).not.toContain(tail.toString('hex'));
          expect(r).not.toContain(tail.toString('base64'));
        }
      }
    }
  });
});
