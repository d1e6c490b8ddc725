import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readTrustServerState } from '../../../core/formats/group/trust-server-export.ts';
import { TEST_SCRYPT, VaultService } from '../../../core/vault/index.ts';
import { tempDataDir } from '../../../core/vault/test-support.ts';
import { main } from '../main.ts';

const PASS = 'correct horse battery';

async function ceremony(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { ...env, CEREMONY_VAULT_PASSPHRASE: PASS });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** An operator: data folder with a cheap passphrase vault (the CLI unlocks it from the environment), and a "USB stick". */
async function operator(name: string) {
  const dataDir = tempDataDir(`cli-${name}-`);
  const vault = new VaultService({ dataDir, kdf: TEST_SCRYPT });
  await vault.init({ kind: 'passphrase', passphrase: PASS });
  await vault.lock();
  const usb = tempDataDir(`usb-${name}-`);
  const run = (args: string[]) => ceremony([...args, '--data-dir', dataDir, '--out', usb]);
  const files = () => readdirSync(usb).map((f) => join(usb, f));
  return { name, dataDir, usb, run, files };
}

function ok(r: { code: number; out: string; err: string }) {
  expect(r.err, r.out).toBe('');
  expect(r.code).toBe(0);
  return r;
}

const filesOf = (ops: { files(): string[] }[]) => ops.flatMap((o) => o.files());

describe('ceremony group … (air-gapped operators, files on USB sticks)', () => {
  it('init, genesis, join-request, approve, finalize-join, import and publish', async () => {
    const [alice, bob, carol] = [await operator('alice'), await operator('bob'), await operator('carol')];
    ok(
      await alice.run([
        'group',
        'init',
        '--moniker',
        'alice',
        '--members',
        'alice,bob,carol',
        '--threshold',
        '2',
        '--url',
        'https://alice.example/',
        '--rehearsal',
      ]),
    );
    const invitation = alice.files().find((f) => f.endsWith('group-invitation.ceremony'))!;
    for (const op of [bob, carol])
      ok(await op.run(['group', 'init', '--moniker', op.name, '--invitation', invitation, '--url', `https://${op.name}.example/`]));
    // Everyone imports the others' registrations; without --confirm-roster nothing is sent yet.
    // Only the coordinator sees the roster code: the operators type what Alice reads them.
    const codes: (string | undefined)[] = [];
    for (const op of [alice, bob, carol]) {
      const r = ok(await op.run(['group', 'genesis', ...filesOf([alice, bob, carol].filter((o) => o !== op)), '--json']));
      codes.push(JSON.parse(r.out).view.facts.find((f: { label: string }) => f.label === 'Roster check code')?.value);
    }
    expect(codes[0]).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(codes.slice(1)).toEqual([undefined, undefined]);
    const asked = ok(await bob.run(['group', 'genesis']));
    expect(asked.out).toContain('Ask the coordinator to read you the roster check code');
    expect(asked.out).not.toContain(codes[0]!);
    const bad = await bob.run(['group', 'genesis', '--confirm-roster', '0000-0000-0000']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('0000-0000-0000 is not the roster check code');
    expect(bad.err).not.toContain(codes[0]!);
    for (const op of [alice, bob, carol]) ok(await op.run(['group', 'genesis', '--confirm-roster', codes[0]!]));
    // Round 2 and finalisation run as the files come in.
    for (let pass = 0; pass < 3; pass++)
      for (const op of [alice, bob, carol]) ok(await op.run(['group', 'genesis', ...filesOf([alice, bob, carol].filter((o) => o !== op))]));
    const shown = ok(await alice.run(['group', 'import', ...filesOf([bob, carol]), '--json']));
    const view = JSON.parse(shown.out).view;
    const groupKey = view.facts.find((f: { label: string }) => f.label === 'Group key').value;
    expect(view.headline).toContain('Every operator confirmed the same group key');

    // Dave joins, asking Bob and Carol.
    const dave = await operator('dave');
    const info = alice.files().find((f) => f.endsWith('group-info-e0-alice.ceremony'))!;
    const req = ok(
      await dave.run([
        'group',
        'join-request',
        '--group-info',
        info,
        '--moniker',
        'dave',
        '--approvers',
        'bob,carol',
        '--url',
        'https://dave.example/',
        '--json',
      ]),
    );
    const idCode = JSON.parse(req.out).view.facts.find((f: { label: string }) => f.label === 'Your identity code').value;
    const request = dave.files().find((f) => f.endsWith('join-request-dave.json'))!;
    // Without the identity code nothing is approved; the approver types the code Dave reads them (not shown).
    const shy = ok(await bob.run(['group', 'approve', request]));
    expect(shy.out).toContain('identity code to hear from them');
    expect(shy.out).not.toContain(idCode);
    for (const op of [bob, carol]) ok(await op.run(['group', 'approve', request, '--identity-code', idCode]));
    // Each approver imports the other's approval, which sends its contribution.
    ok(await bob.run(['group', 'approve', ...carol.files()]));
    ok(await carol.run(['group', 'approve', ...bob.files()]));
    // Dave with only Bob's contribution: refused, nothing changes.
    const early = await dave.run(['group', 'finalize-join', ...bob.files()]);
    expect(early.code).toBe(1);
    expect(early.err).toContain('carol');
    ok(await dave.run(['group', 'finalize-join', ...carol.files()]));
    for (const op of [alice, bob, carol]) {
      const r = ok(await op.run(['group', 'import', ...dave.files(), ...filesOf([bob, carol].filter((o) => o !== op)), '--json']));
      const v = JSON.parse(r.out).view;
      expect(v.facts.find((f: { label: string }) => f.label === 'Join 1').value).toBe('dave, approved by bob and carol');
      expect(v.facts.find((f: { label: string }) => f.label === 'Group key').value).toBe(groupKey);
    }

    // Publish: the public files, and Dave's private.sss that reads back with shared.sss.
    const pub = tempDataDir('cli-pub-');
    const p = ok(await ceremony(['group', 'publish', '--out', pub, '--private', '--data-dir', dave.dataDir]));
    expect(p.out).toContain('plaintext');
    expect(readFileSync(join(pub, 'public_key.txt'), 'utf8')).toBe(`${groupKey}\n`);
    expect(readFileSync(join(pub, 'peers_list.txt'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readTrustServerState(readFileSync(join(pub, 'private.sss')), readFileSync(join(pub, 'shared.sss'))).moniker).toBe('dave');
  });

  it('refuses M > N, a duplicate moniker and a locked vault with one clear line', async () => {
    const a = await operator('ann');
    let r = await a.run(['group', 'init', '--moniker', 'ann', '--members', 'ann,ben', '--threshold', '3']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ceremony: A threshold of 3 with only 2 operators/);
    r = await a.run(['group', 'init', '--moniker', 'ann', '--members', 'ann,ben,ann', '--threshold', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('"ann" is listed twice');
    const locked = await main(['group', 'genesis', '--data-dir', a.dataDir], { out: () => undefined, err: () => undefined }, {});
    expect(locked).toBe(1);
  });
});

describe('ceremony rehearse group', () => {
  it('--members 4 --threshold 3 --join newbie: same key, a 3-signer signature with the newcomer that stock Ed25519 verifies', async () => {
    const out = join(tempDataDir('rehearse-'), 'run');
    const r = ok(await ceremony(['rehearse', 'group', '--members', '4', '--threshold', '3', '--join', 'newbie', '--out', out, '--json']));
    const data = JSON.parse(r.out);
    expect(data.signers).toHaveLength(3);
    expect(data.signers).toContain('newbie');
    expect(data.approvers).toHaveLength(3);
    const key = readFileSync(join(out, 'public_key.txt'), 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    expect(key.trim()).toBe(data.groupKey);
    const sig = readFileSync(join(out, 'signature.hex'), 'utf8').trim();
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(ed25519.verify(hexToBytes(sig), readFileSync(join(out, 'message')), hexToBytes(data.groupKey), { zip215: false })).toBe(true);
    expect(['verified', 'not installed']).toContain(data.verified.openssl);
    // Every operator's exported files read back under the same key; no real keychain was used.
    for (const e of data.exports) {
      const st = readTrustServerState(readFileSync(join(e.folder, 'private.sss')), readFileSync(join(e.folder, 'shared.sss')));
      expect(st.groupKey).toBe(data.groupKey);
      expect(st.moniker).toBe(e.moniker);
    }
    for (const op of data.operators)
      expect(JSON.parse(readFileSync(join(op.dataDir, 'vault', 'vault.json'), 'utf8')).kind).toBe('passphrase');
    // Issue 17: the genesis record, signed by the four genesis operators (the newcomer joined later), verifies without a vault.
    const rec = await ceremony(['record', 'verify', data.files.record, '--json']);
    expect(rec.code, rec.out + rec.err).toBe(0);
    const verdict = JSON.parse(rec.out) as {
      signed: { participant: string; valid: boolean }[];
      notSigned: unknown[];
      codes: { code: string; confirmedBy: string[] }[];
    };
    expect(verdict.signed.map((x) => [x.participant, x.valid])).toEqual(data.members.slice(0, 4).map((m: string) => [m, true]));
    expect(verdict.notSigned).toEqual([]);
    expect(verdict.codes).toEqual([expect.objectContaining({ code: data.rosterCheckCode, confirmedBy: data.members.slice(0, 4) })]);
    const again = await ceremony(['rehearse', 'group', '--members', '4', '--threshold', '3', '--join', 'newbie', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('not empty');
  });
});
