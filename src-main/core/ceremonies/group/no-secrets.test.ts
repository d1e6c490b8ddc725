import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, findSecret } from '../../vault/test-support.ts';
import { scanReplies } from '../../testing/reply-scan.ts';
import { identityFromSeed } from '../../crypto/group/identity.ts';
import { sharesForOthers } from '../../crypto/frost/dkg.ts';
import { genesisRound1 } from '../../crypto/group/genesis.ts';
import { GROUP_SUITE } from '../../crypto/group/suite.ts';
import { monikerIdentifier } from '../../crypto/group/moniker.ts';
import {
  act,
  closeAll,
  expectClean,
  fact,
  newcomer,
  replies,
  runGenesis,
  sync,
  view,
  type Operator,
} from '../../testing/group-operators.ts';
import type { GroupCeremonyState } from './state.ts';

/** A state read back from disk in a test. */
const asState = (v: unknown): GroupCeremonyState => v as GroupCeremonyState;
import { repairStep1 } from '../../crypto/group/join.ts';
import type { GroupPublic } from '../../crypto/group/group-public.ts';

/** The group as the approvers saw it when they approved (before the newcomer was added). */
function groupBefore(g: GroupPublic, newcomer: string): GroupPublic {
  return { ...g, members: g.members.filter((m) => m.moniker !== newcomer), epoch: g.epoch - 1, joins: g.joins.slice(0, -1) };
}
import { join } from 'node:path';

const opened: Operator[] = [];
afterAll(() => closeAll(opened));

/**
 * Like core/api/no-secrets.test.ts, for the group: a whole genesis and a join through the API,
 * then every secret (vault entries, and what is derived from them: identity keys, polynomial
 * coefficients, every dealt share) is searched for in every API reply, every bundle and every
 * file of every data folder and of the exchange folder, raw, hex and base64 at every alignment.
 */
describe('no group secret crosses the API or lands in a plain file', () => {
  it('genesis (3, 2 of 3) and one join', async () => {
    // The helpers' reply log is shared by every test file this worker runs: read only this test's.
    const first = replies.length;
    const { ops, exchange } = await runGenesis(['alice', 'bob', 'carol'], 2);
    opened.push(...ops);
    const dave = await newcomer('dave', ops[2]!, exchange);
    opened.push(dave);
    await act(dave, 'request-join', { quorum: ['alice', 'carol'] });
    await expectClean(sync([...ops, dave], exchange));
    const code = fact(await view(dave), 'Your identity code')!;
    for (const op of [ops[0]!, ops[2]!]) await act(op, 'approve-join', { epoch: 1, identityCheckCode: code });
    await expectClean(sync([...ops, dave], exchange));
    for (const op of [ops[0]!, ops[2]!]) await act(op, 'send-contribution', { epoch: 1 });
    await expectClean(sync([...ops, dave], exchange));
    await act(dave, 'finalize-join');
    await expectClean(sync([...ops, dave], exchange));
    const all = [...ops, dave];
    for (const op of all) {
      await view(op);
      await act(op, 'export-trust-server', { folder: exchange, includePrivate: false });
    }

    const secrets: { id: string; bytes: Uint8Array }[] = [];
    for (const op of all) {
      const v = await op.core.vault.unlockedVault();
      const state = asState(JSON.parse(readFileSync(join(op.dir, 'ceremonies', op.id, 'state.json'), 'utf8')).protocolState);
      for (const m of v.list()) {
        const bytes = await v.get(m.id);
        secrets.push({ id: m.id, bytes });
        if (m.id.endsWith('/identity')) {
          const k = identityFromSeed(bytes);
          secrets.push({ id: `${m.id} (signing key)`, bytes: k.signSecret }, { id: `${m.id} (encryption key)`, bytes: k.encSecret });
        }
        if (m.id.includes('/join-1-')) {
          const j = state.joins[0]!;
          const share = await v.get(`${op.id}/share`);
          const { deltas } = repairStep1(groupBefore(state.group!, j.signed.request.moniker), j.signed.request, state.me, share, bytes);
          for (const [to, d] of Object.entries(deltas)) secrets.push({ id: `${m.id} (delta for ${to.slice(0, 8)})`, bytes: d });
        }
        if (m.id.endsWith('/genesis-seed')) {
          const session = { groupId: state.groupId, rosterFingerprint: state.genesis!.rosterFingerprint!, threshold: 2, size: 3 };
          const { secret } = genesisRound1(session, state.me, bytes);
          secret.coefficients.forEach((c, i) => secrets.push({ id: `${m.id} (coefficient ${i})`, bytes: c }));
          const others = state.genesis!.planned.filter((x) => x !== state.me).map(monikerIdentifier);
          const dealt = sharesForOthers(GROUP_SUITE, secret, others);
          for (const [to, p] of Object.entries(dealt.packages))
            secrets.push({ id: `${m.id} (share dealt to ${to.slice(0, 8)})`, bytes: p.signingShare });
        }
      }
    }
    // Per operator: identity seed and its two keys, bundle identity, share (5); genesis members
    // also a genesis seed, 2 coefficients and 2 dealt shares (5); approvers a join seed and 2 deltas (3).
    expect(secrets.length).toBe(4 * 5 + 3 * 5 + 2 * 3);
    const ours = replies.slice(first);
    const replyText = JSON.stringify(ours);
    const files = [...all.flatMap((p) => listFiles(p.dir)), ...listFiles(exchange)];
    expect(files.some((f) => f.endsWith('.ceremony'))).toBe(true);
    expect(files.length).toBeGreaterThan(60);
    for (const s of secrets) {
      expect(findSecret(replyText, s.bytes), `${s.id} in an API reply`).toEqual([]);
      for (const f of files) expect(findSecret(readFileSync(f), s.bytes), `${s.id} in ${f}`).toEqual([]);
    }
    // every call succeeded; no secret inside any decoded reply value, and no vault backup in any reply
    expect(ours.filter((r) => !r.ok)).toEqual([]);
    expect(await scanReplies(ours, secrets, [])).toEqual([]);
  });
});
