import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT, VaultService } from '../../../core/vault/index.ts';
import { tempDataDir } from '../../../core/vault/test-support.ts';
import { SssToolStandIn, standInQuorumSign, standInReadPrivate } from '../../../standins/sss-tool/sss-tool.ts';
import { main } from '../main.ts';

/**
 * Issue 16 item 6 (acceptance 3): operators running sss-tool (the stand-in written from its
 * source) and operators running the app's `ceremony group sss-tool` run one genesis, admit a
 * newcomer on each side, and an existing sss-tool operator is imported into the app; the group
 * key never changes and M-of-N signatures over shares from both sides verify as Ed25519.
 */

const PASS = 'correct horse battery';

async function ceremony(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { CEREMONY_VAULT_PASSPHRASE: PASS });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface Op {
  name: string;
  /** Runs an sss-tool command; returns stdout. */
  sss(args: string[]): Promise<string>;
}

async function appOperator(name: string) {
  const dataDir = tempDataDir(`sss-${name}-`);
  const vault = new VaultService({ dataDir, kdf: TEST_SCRYPT });
  await vault.init({ kind: 'passphrase', passphrase: PASS });
  await vault.lock();
  const run = (args: string[]) => ceremony([...args, '--data-dir', dataDir]);
  const op: Op & { run: typeof run } = {
    name,
    run,
    async sss(args) {
      const r = await run(['group', 'sss-tool', ...args]);
      expect(r.code, r.err).toBe(0);
      return r.out;
    },
  };
  return op;
}

function toolOperator(name: string): Op & { tool: SssToolStandIn } {
  const tool = new SssToolStandIn(mkdtempSync(join(tmpdir(), `sss-tool-${name}-`)));
  return { name, tool, sss: (args) => Promise.resolve(tool.run(args)) };
}

const lastLine = (s: string) => s.split('\n').at(-1)!;
const merge = (parts: string[]) => JSON.stringify(Object.assign({}, ...parts.map((p) => JSON.parse(p) as object)));
const infoValue = (info: string, key: string) =>
  info
    .split('\n')
    .find((l) => l.startsWith(key))!
    .slice(key.length);

async function appShare(op: Awaited<ReturnType<typeof appOperator>>) {
  const dir = mkdtempSync(join(tmpdir(), `pub-${op.name}-`));
  const r = await op.run(['group', 'publish', '--out', dir, '--private']);
  expect(r.code, r.err).toBe(0);
  expect(statSync(join(dir, 'private.sss')).mode & 0o777).toBe(0o600);
  const p = standInReadPrivate(readFileSync(join(dir, 'private.sss')));
  return { moniker: p.moniker, share: p.share!, dir };
}

function verifies(signers: { moniker: string; share: bigint }[], key: string) {
  const msg = new TextEncoder().encode(`attestation for ${signers.map((s) => s.moniker).join('+')}`);
  const sig = standInQuorumSign(signers, Buffer.from(key, 'hex'), msg);
  return ed25519.verify(sig, msg, Buffer.from(key, 'hex'), { zip215: false });
}

describe('sss-tool compatible group mode: the app and sss-tool operators together', () => {
  it('genesis, a join on each side, an import; the group key is unchanged and mixed quorums sign', async () => {
    const alice = toolOperator('alice');
    const bob = toolOperator('bob');
    const carol = await appOperator('carol');
    const genesis = [alice, bob, carol];

    // genesis (seed step names: dkg-round1 / dkg-round2 / dkg-finalize)
    for (const o of genesis) await o.sss(['initialize', '--moniker', o.name]);
    const r1 = merge(await Promise.all(genesis.map((o) => o.sss(['initial-pub-data', '--m', '2']))));
    const r2out = [];
    for (const o of genesis) r2out.push(await o.sss(['init-common', '--pub-datas', r1]));
    // everyone prints the same common coefficients before its JSON line
    const coeffLines = r2out.map((o) => o.split('\n').slice(0, -1).join('\n'));
    expect(new Set(coeffLines).size).toBe(1);
    expect(coeffLines[0]!.split('\n')).toHaveLength(2);
    const r2 = merge(r2out.map(lastLine));
    for (const o of genesis) expect(await o.sss(['init-my-share', '--pub-datas', r1, '--partial-shares', r2])).toBe('');
    const infos = await Promise.all(genesis.map((o) => o.sss(['info'])));
    const key = infoValue(infos[0]!, 'Shared Pubkey = ');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    for (const i of infos) {
      expect(i).toContain(`Shared Pubkey = ${key}`);
      expect(i).toContain('My share initialized');
    }
    const c = await appShare(carol);
    expect(verifies([alice.tool.shareOf(), c], key)).toBe(true);
    expect(verifies([bob.tool.shareOf(), alice.tool.shareOf()], key)).toBe(true);

    // a newcomer with the app (join-request = initialize + the group's shared.sss + info), approved by bob (sss-tool) and carol (app)
    const dave = await appOperator('dave');
    await dave.sss(['initialize', '--moniker', 'dave']);
    const imp = await dave.run(['group', 'import-trust-server', '--shared', join(alice.tool.dir, 'shared.sss')]);
    expect(imp.code, imp.err).toBe(0);
    const daveKey = infoValue(imp.out, 'My public key: ');
    const quorum = JSON.stringify(['carol', 'bob']);
    const approvals = [
      await bob.sss(['add-new', '--moniker', 'dave', '--pubkey', daveKey, '--quorum', quorum]),
      await carol.sss(['add-new', '--moniker', 'dave', '--pubkey', daveKey, '--quorum', quorum]),
    ];
    expect(Object.keys(JSON.parse(approvals[1]!) as object)).toEqual(['carol']);
    await dave.sss(['init-new', '--partial-shares', merge(approvals)]);
    expect(await dave.sss(['info'])).toContain(`Shared Pubkey = ${key}\nMy share initialized`);
    const again = await dave.run(['group', 'sss-tool', 'init-new', '--partial-shares', merge(approvals)]);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('Already have my share');

    // a newcomer with sss-tool, approved by carol (app) and alice (sss-tool)
    const erin = toolOperator('erin');
    erin.tool.run(['initialize', '--moniker', 'erin']);
    copyFileSync(join(alice.tool.dir, 'shared.sss'), join(erin.tool.dir, 'shared.sss'));
    const erinKey = infoValue(erin.tool.run(['info']), 'My public key: ');
    const q2 = JSON.stringify(['alice', 'carol']);
    const a2 = [
      await carol.sss(['add-new', '--moniker', 'erin', '--pubkey', erinKey, '--quorum', q2]),
      alice.tool.run(['add-new', '--moniker', 'erin', '--pubkey', erinKey, '--quorum', q2]),
    ];
    erin.tool.run(['init-new', '--partial-shares', merge(a2)]);
    expect(erin.tool.run(['info'])).toContain(`Shared Pubkey = ${key}\nMy share initialized`);
    const d = await appShare(dave);
    expect(verifies([d, erin.tool.shareOf()], key)).toBe(true);

    // an existing sss-tool operator (bob) moves into the app: same key, and publish --private
    // writes back the very files sss-tool holds
    const frank = await appOperator('bob-in-app');
    const bobPriv = join(bob.tool.dir, 'private.sss');
    const bobShared = join(bob.tool.dir, 'shared.sss');
    const tampered = join(mkdtempSync(join(tmpdir(), 'bad-')), 'private.sss');
    const bytes = readFileSync(bobPriv);
    bytes[bytes.length - 32]! ^= 1;
    writeFileSync(tampered, bytes);
    const bad = await frank.run(['group', 'import-trust-server', '--private', tampered, '--shared', bobShared]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('does not match the group commitment');
    const ok = await frank.run(['group', 'import-trust-server', '--private', bobPriv, '--shared', bobShared]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`Moniker: bob\nInitialization ceremony complete.\nM = 2\nShared Pubkey = ${key}\nMy share initialized`);
    const f = await appShare(frank);
    expect(readFileSync(join(f.dir, 'private.sss')).equals(readFileSync(bobPriv))).toBe(true);
    expect(readFileSync(join(f.dir, 'shared.sss')).equals(readFileSync(bobShared))).toBe(true);
    expect(readFileSync(join(f.dir, 'public_key.txt'), 'utf8')).toBe(`${key}\n`);
    expect(verifies([f, d], key)).toBe(true);
    // the imported operator approves with the app as it did with sss-tool: byte-identical masks, so a mixed join completes
    const gus = toolOperator('gus');
    gus.tool.run(['initialize', '--moniker', 'gus']);
    copyFileSync(bobShared, join(gus.tool.dir, 'shared.sss'));
    const gusKey = infoValue(gus.tool.run(['info']), 'My public key: ');
    const q3 = JSON.stringify(['bob', 'erin']);
    const a3 = [
      await frank.sss(['add-new', '--moniker', 'gus', '--pubkey', gusKey, '--quorum', q3]),
      erin.tool.run(['add-new', '--moniker', 'gus', '--pubkey', gusKey, '--quorum', q3]),
    ];
    gus.tool.run(['init-new', '--partial-shares', merge(a3)]);
    expect(verifies([gus.tool.shareOf(), c], key)).toBe(true);
  }, 60_000);

  it('refuses what sss-tool refuses, with its words, and a second initialize', async () => {
    const alice = toolOperator('alice');
    const bob = await appOperator('bob');
    alice.tool.run(['initialize', '--moniker', 'alice']);
    await bob.sss(['initialize', '--moniker', 'bob']);
    const again = await bob.run(['group', 'sss-tool', 'initialize', '--moniker', 'bob']);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('already holds the sss-tool operator "bob"');
    const a = JSON.parse(alice.tool.run(['initial-pub-data', '--m', '2'])) as Record<string, { pops: string[] }>;
    a.alice!.pops.reverse(); // proofs swapped: each fails
    const b = await bob.sss(['initial-pub-data', '--m', '2']);
    const badPop = await bob.run(['group', 'sss-tool', 'init-common', '--pub-datas', merge([JSON.stringify(a), b])]);
    expect(badPop.err).toContain('from alice: PoP mismatch');
    const three = alice.tool.run(['initial-pub-data', '--m', '3']);
    const wrongM = await bob.run(['group', 'sss-tool', 'init-common', '--pub-datas', merge([three, b])]);
    expect(wrongM.err).toMatch(/wrong number of coeffs/);
    const notMe = await bob.run(['group', 'sss-tool', 'init-common', '--pub-datas', three]);
    expect(notMe.err).toContain("I'm not in the quorum");
  });
});
