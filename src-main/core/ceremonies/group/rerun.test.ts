import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../../bundles/codec.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { StepContext } from '../../engine/protocol.ts';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import { confirmRoster, sendShares } from './genesis-steps.ts';
import { approve, contribute } from './join-steps.ts';
import type { GroupCeremonyState } from './state.ts';

const asState = (v: unknown): GroupCeremonyState => v as GroupCeremonyState;
import {
  act,
  artifact,
  call,
  closeAll,
  expectClean,
  fact,
  newcomer,
  newOperator,
  sync,
  tempDir,
  view,
  type Operator,
} from '../../testing/group-operators.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { base64ToBytes } from '../../encoding/base64.ts';

const opened: Operator[] = [];
afterAll(() => closeAll(opened));

function saved(op: Operator): { state: GroupCeremonyState; meta: CeremonyMeta } {
  const doc = JSON.parse(readFileSync(join(op.dir, 'ceremonies', op.id, 'state.json'), 'utf8'));
  return { state: asState(doc.protocolState), meta: doc.meta };
}

/** The context the engine gives a step, over the operator's real vault (a re-run finds the stored secrets). */
function ctxFor(op: Operator, meta: CeremonyMeta): StepContext {
  const id = (n: string) => `${op.id}/${n}`;
  const vault = () => op.core.vault.unlockedVault();
  return {
    meta,
    now: () => '2026-01-01T00:00:00.000Z',
    services: undefined,
    secret: async (n, spec, gen) => {
      const v = await vault();
      if (v.has(id(n))) return v.get(id(n));
      const b = await gen();
      await v.put({ id: id(n), label: spec.label, kind: spec.kind, ceremonyId: op.id, publicKey: spec.publicPart }, b);
      return b;
    },
    readSecret: async (n) => (await vault()).get(id(n)),
    hasSecret: async (n) => (await vault()).has(id(n)),
    readArtifact: () => new Uint8Array(),
    signRecord: () => Promise.reject(new Error('this test signs no record')),
    bundleLedger: () => [],
    progress: () => undefined,
  };
}

async function sentPayload(op: Operator, artifactId: string): Promise<string> {
  return bytesToHex(parseBundle(base64ToBytes((await artifact(op, artifactId)).base64)).payload);
}

describe('a step that runs again after a crash sends exactly the same package', () => {
  it('round 1, round 2, an approval and a contribution are re-derived from the vault', async () => {
    const exchange = tempDir('group-exchange-');
    const ops = await Promise.all(['alice', 'bob', 'carol'].map(newOperator));
    opened.push(...ops);
    const [alice, bob, carol] = ops as [Operator, Operator, Operator];
    alice.id = (
      await call<CeremonyView>(alice, 'ceremonies.create', {
        protocol: 'group',
        title: 'G',
        rehearsal: true,
        params: { moniker: 'alice', members: ['alice', 'bob', 'carol'], threshold: 2, exchangeFolder: exchange },
      })
    ).id;
    const inv = await artifact(alice, 'invite');
    for (const op of [bob, carol])
      op.id = (await call<CeremonyView>(op, 'ceremonies.join', { ...inv, params: { moniker: op.name, exchangeFolder: exchange } })).id;
    await expectClean(sync(ops, exchange));

    const code = fact(await view(alice), 'Roster check code')!;
    const before1 = saved(alice);
    for (const op of ops) await act(op, 'confirm-roster', { rosterCheckCode: code });
    const again1 = await confirmRoster(before1.state, { rosterCheckCode: code }, ctxFor(alice, before1.meta));
    expect(bytesToHex(again1.outgoing![0]!.payload)).toBe(await sentPayload(alice, 'round1'));
    await expectClean(sync(ops, exchange));

    const before2 = saved(bob);
    for (const op of ops) await act(op, 'send-shares');
    const again2 = await sendShares(before2.state, ctxFor(bob, before2.meta));
    expect(bytesToHex(again2.outgoing![0]!.payload)).toBe(await sentPayload(bob, 'round2'));
    await expectClean(sync(ops, exchange));
    for (const op of ops) await act(op, 'finalize');
    await expectClean(sync(ops, exchange));

    const dave = await newcomer('dave', alice, exchange);
    opened.push(dave);
    await act(dave, 'request-join', { quorum: ['alice', 'carol'] });
    await expectClean(sync([...ops, dave], exchange));
    const idCode = fact(await view(dave), 'Your identity code')!;
    const before3 = saved(carol);
    for (const op of [alice, carol]) await act(op, 'approve-join', { epoch: 1, identityCheckCode: idCode });
    const again3 = await approve(before3.state, { epoch: 1, identityCheckCode: idCode }, ctxFor(carol, before3.meta));
    expect(bytesToHex(again3.outgoing![0]!.payload)).toBe(await sentPayload(carol, 'j1-approve'));
    await expectClean(sync([...ops, dave], exchange));
    const before4 = saved(alice);
    await act(alice, 'send-contribution', {});
    const again4 = await contribute(before4.state, {}, ctxFor(alice, before4.meta));
    expect(bytesToHex(again4.outgoing![0]!.payload)).toBe(await sentPayload(alice, 'j1-share'));
  });
});
