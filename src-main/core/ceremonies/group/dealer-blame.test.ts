import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBundle } from '../../bundles/codec.ts';
import { bytesToBase64 } from '../../encoding/base64.ts';
import { genesisRound1, genesisRound2 } from '../../crypto/group/genesis.ts';
import { identityFromSeed } from '../../crypto/group/identity.ts';
import { expectCode } from '../../vault/test-support.ts';
import { genesisRoster, genesisRosterFingerprint } from './genesis-steps.ts';
import { encodePayload } from './payloads.ts';
import type { GroupCeremonyState } from './state.ts';

/** A state read back from disk in a test. */
const asState = (v: unknown): GroupCeremonyState => v as GroupCeremonyState;
import {
  act,
  call,
  closeAll,
  expectClean,
  fact,
  importFiles,
  newOperator,
  sync,
  tempDir,
  view,
  type Operator,
} from '../../testing/group-operators.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';

const opened: Operator[] = [];
afterAll(() => closeAll(opened));

async function secret(op: Operator, name: string): Promise<Uint8Array> {
  return (await op.core.vault.unlockedVault()).get(`${op.id}/${name}`);
}

describe('a dealer who sends a wrong share is named', () => {
  it("Bob deals Alice a share off his committed polynomial: Alice's genesis stops and names Bob", async () => {
    const exchange = tempDir('group-exchange-');
    const ops = await Promise.all(['alice', 'bob', 'carol'].map(newOperator));
    opened.push(...ops);
    const [alice, bob, carol] = ops as [Operator, Operator, Operator];
    const created = await call<CeremonyView>(alice, 'ceremonies.create', {
      protocol: 'group',
      title: 'G',
      rehearsal: true,
      params: { moniker: 'alice', members: ['alice', 'bob', 'carol'], threshold: 2, exchangeFolder: exchange },
    });
    alice.id = created.id;
    const inv = await call<{ name: string; base64: string }>(alice, 'ceremonies.readArtifact', { id: alice.id, artifactId: 'invite' });
    for (const op of [bob, carol])
      op.id = (await call<CeremonyView>(op, 'ceremonies.join', { ...inv, params: { moniker: op.name, exchangeFolder: exchange } })).id;
    await expectClean(sync(ops, exchange));
    // The coordinator (ops[0]) reads the roster code out; everyone types it.
    const rosterCheckCode = fact(await view(ops[0]!), 'Roster check code');
    for (const op of ops) await act(op, 'confirm-roster', { rosterCheckCode });
    await expectClean(sync(ops, exchange));
    for (const op of [alice, carol]) await act(op, 'send-shares');

    // Bob's machine is compromised: it seals Alice a share from another polynomial, with Bob's
    // real identity and bundle keys, so the file itself is perfectly authentic.
    const state = asState(JSON.parse(readFileSync(join(bob.dir, 'ceremonies', bob.id, 'state.json'), 'utf8')).protocolState);
    const bobKey = state.genesis!.bundleKeys.bob!;
    const fp = genesisRosterFingerprint(state, bobKey)!;
    const roster = genesisRoster(state, bobKey)!;
    const session = { groupId: alice.id, rosterFingerprint: fp, threshold: 2, size: 3 };
    const keys = identityFromSeed(await secret(bob, 'identity'));
    const seed = await secret(bob, 'genesis-seed');
    const honest = genesisRound2(
      session,
      genesisRound1(session, 'bob', seed).secret,
      'bob',
      keys,
      roster.filter((m) => m.moniker !== 'bob'),
      seed,
    );
    const other = genesisRound1(session, 'bob', new Uint8Array(32).fill(1)).secret;
    const cheat = genesisRound2(
      session,
      other,
      'bob',
      keys,
      roster.filter((m) => m.moniker === 'alice'),
      seed,
    );
    const payload = encodePayload('round2', {
      kind: 'round2',
      rosterFingerprint: fp,
      shares: { alice: bytesToBase64(cheat.alice!), carol: bytesToBase64(honest.carol!) },
    });
    const bundleKey = await secret(bob, 'bundle-identity');
    const { bytes } = encodeBundle(
      {
        protocol: 'group',
        ceremonyId: alice.id,
        phase: 2,
        step: 'round2',
        sender: { id: 'bob', label: 'bob' },
        createdAt: new Date().toISOString(),
        rehearsal: true,
        payloadType: 'application/json',
        payload,
      },
      { publicKey: ed25519.getPublicKey(bundleKey), sign: (m) => ed25519.sign(m, bundleKey) },
    );
    const r = await importFiles(alice, [{ name: 'round2-bob.ceremony', base64: Buffer.from(bytes).toString('base64') }]);
    expect(r.accepted).toBe(1);
    const v = await view(alice);
    expect(v.status).toBe('failed');
    expect(v.headline).toMatch(/^Stopped: The share bob dealt to you does not match bob's round-1 commitment/);
    const bobRow = v.participants.find((p) => p.id === 'bob')!;
    expect(bobRow.state).toBe('problem');
    await expectCode(act(alice, 'finalize'), 'group/stopped');
    // Carol got an honest share from Bob and is not affected by what Bob sent Alice.
    const rc = await importFiles(carol, [{ name: 'round2-bob.ceremony', base64: Buffer.from(bytes).toString('base64') }]);
    expect(rc.accepted).toBe(1);
    expect((await view(carol)).status).toBe('active');
  });
});
