import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../encoding/base64.ts';
import { readTrustServerState } from '../../formats/group/trust-server-export.ts';
import { parsePeersList, parsePublicKeyTxt } from '../../formats/group/public-info.ts';
import { decodeJoinRequestFile, encodeJoinRequestFile } from '../../formats/group/join-request-file.ts';
import { keyPackageOf } from '../../crypto/group/group-public.ts';
import { signWithQuorum } from '../../crypto/group/signing.ts';
import { signJoinRequest } from '../../crypto/group/join.ts';
import { identityFromSeed } from '../../crypto/group/identity.ts';
import { expectCode } from '../../vault/test-support.ts';
import type { GroupCeremonyState } from './state.ts';

/** A state read back from disk in a test. */
const asState = (v: unknown): GroupCeremonyState => v as GroupCeremonyState;
import {
  act,
  artifact,
  call,
  closeAll,
  expectClean,
  fact,
  importFiles,
  newcomer,
  runGenesis,
  sync,
  tempDir,
  view,
  type Operator,
} from '../../testing/group-operators.ts';

const opened: Operator[] = [];
afterAll(() => closeAll(opened));

async function stateOf(op: Operator) {
  const dir = join(op.dir, 'ceremonies', op.id, 'state.json');
  return asState(JSON.parse(readFileSync(dir, 'utf8')).protocolState);
}

async function shareOf(op: Operator): Promise<Uint8Array> {
  return (await op.core.vault.unlockedVault()).get(`${op.id}/share`);
}

describe('group ceremony through the engine and API', () => {
  it('genesis (3 operators, 2 of 3), one join by a 2-member quorum, same key; the newcomer signs; exports read back', async () => {
    const { ops, exchange, groupKey } = await runGenesis(['alice', 'bob', 'carol'], 2);
    opened.push(...ops);
    for (const op of ops) {
      const v = await view(op);
      expect(fact(v, 'Group key')).toBe(groupKey);
      expect(v.headline).toContain('Every operator confirmed the same group key');
      // The typed view, phase "group": numbers and members as data.
      expect(v.view).toMatchObject({ protocol: 'group', phase: 'group', threshold: 2, n: 3, groupKey, pendingJoin: null });
      if (v.view.protocol !== 'group') throw new Error('not a group view');
      expect(v.view.members.map((m) => [m.moniker, m.role, m.state])).toEqual([
        ['alice', 'operator', 'idle'],
        ['bob', 'operator', 'idle'],
        ['carol', 'operator', 'idle'],
      ]);
      expect(v.view.members.filter((m) => m.you).map((m) => m.moniker)).toEqual([op.name]);
    }
    expect(groupKey).toMatch(/^[0-9a-f]{64}$/);

    const dave = await newcomer('dave', ops[0]!, exchange);
    // Frank also asks, on his own (no exchange folder), before Dave's join: his request will be outdated.
    const frank = await newcomer('frank', ops[1]!, null);
    opened.push(dave, frank);
    await act(frank, 'request-join', { quorum: ['alice', 'carol'] });
    const frankRequest = await artifact(frank, (await view(frank)).artifacts.find((a) => a.name === 'join-request-frank.json')!.id);
    let v = await view(dave);
    expect(v.role).toBe('newcomer');
    expect(v.next.map((a) => a.action)).toContain('request-join');
    await act(dave, 'request-join', { quorum: ['bob', 'alice'] });
    await expectClean(sync([...ops, dave], exchange));
    const code = fact(await view(dave), 'Your identity code')!;
    // The typed view, phase "joining": the pending join with its approvers, whom we wait for.
    const joining = (await view(ops[0]!)).view;
    expect(joining).toMatchObject({
      protocol: 'group',
      phase: 'joining',
      // Alice approves: she types the code Dave reads her, so her view does not carry it.
      pendingJoin: { epoch: 1, moniker: 'dave', identityCheckCode: null, approvers: ['alice', 'bob'], approved: [] },
    });
    if (joining.protocol !== 'group') throw new Error('not a group view');
    expect(joining.members.filter((m) => m.state === 'waiting').map((m) => [m.moniker, m.role])).toEqual([
      ['alice', 'operator'],
      ['bob', 'operator'],
      ['dave', 'newcomer'],
    ]);
    // Carol is not an approver: she cannot approve.
    await expectCode(act(ops[2]!, 'approve-join', { epoch: 1, identityCheckCode: code }), 'group/join-not-an-approver');
    // A wrong identity code is refused: the approver must compare it with the newcomer.
    await expectCode(act(ops[0]!, 'approve-join', { epoch: 1, identityCheckCode: '0000-0000-0000' }), 'group/identity-code-mismatch');
    for (const op of [ops[0]!, ops[1]!]) await act(op, 'approve-join', { epoch: 1, identityCheckCode: code });
    // Dave cannot finalise with approvals only.
    await expectClean(sync([...ops, dave], exchange));
    await expectCode(act(dave, 'finalize-join'), 'group/join-not-enough-approvals');
    for (const op of [ops[0]!, ops[1]!]) await act(op, 'send-contribution', { epoch: 1 });
    await expectClean(sync([...ops, dave], exchange));
    v = await act(dave, 'finalize-join');
    expect(fact(v, 'Group key')).toBe(groupKey);
    await expectClean(sync([...ops, dave], exchange));
    for (const op of [...ops, dave]) {
      const w = await view(op);
      expect(fact(w, 'Group key')).toBe(groupKey);
      expect(fact(w, 'Threshold')).toBe('2 of 4 members');
      expect(fact(w, 'Join 1')).toBe('dave, approved by alice and bob');
    }
    // Every member wrote the transcript of who approved.
    const transcript = JSON.parse(new TextDecoder().decode(base64ToBytes((await artifact(ops[2]!, 'join-transcript-e1')).base64)));
    expect(transcript.newcomer.moniker).toBe('dave');
    expect(transcript.approvals.map((a: { approver: string }) => a.approver)).toEqual(['alice', 'bob']);
    expect(transcript.approvals.every((a: { signature: string }) => /^[0-9a-f]{128}$/.test(a.signature))).toBe(true);

    // Shares live in the vault (public metadata only over the API), one per member.
    for (const op of [...ops, dave]) {
      const list = await call<{ kind: string; label: string }[]>(op, 'vault.list', {});
      expect(list.filter((x) => x.kind === 'group.share').map((x) => x.label)).toEqual([`Group signing share of ${op.name}`]);
    }

    // Dave signs with Carol (who did not approve him) under the unchanged key.
    const group = (await stateOf(dave)).group!;
    const msg = utf8ToBytes('test message');
    const sig = signWithQuorum(
      group,
      [keyPackageOf(group, 'dave', await shareOf(dave)), keyPackageOf(group, 'carol', await shareOf(ops[2]!))],
      msg,
    );
    expect(ed25519.verify(sig, msg, hexToBytes(groupKey))).toBe(true);

    // Export for the trust-server, public files as artifacts and the full set into a folder.
    const out = tempDir('group-export-');
    await act(dave, 'export-trust-server', { folder: out, includePrivate: true });
    expect(parsePublicKeyTxt(readFileSync(join(out, 'public_key.txt'), 'utf8'))).toBe(groupKey);
    expect(readFileSync(join(out, 'public_key.txt'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(parsePeersList(readFileSync(join(out, 'peers_list.txt'), 'utf8'))).toEqual([
      'https://alice.example/',
      'https://bob.example/',
      'https://carol.example/',
    ]);
    const st = readTrustServerState(readFileSync(join(out, 'private.sss')), readFileSync(join(out, 'shared.sss')));
    expect(st.moniker).toBe('dave');
    expect(st.groupKey).toBe(groupKey);
    const pub = new TextDecoder().decode(base64ToBytes((await artifact(ops[0]!, 'public-key')).base64));
    expect(pub).toBe(`${groupKey}\n`);
    await expectCode(act(dave, 'export-trust-server', { folder: join(out, 'missing'), includePrivate: false }), 'group/no-folder');

    // Replays: the used request is skipped by those who processed it, and refused as stale by a
    // member who never saw it (a fresh operator in the same group would see it the same way).
    const requestFile = await artifact(dave, (await view(dave)).artifacts.find((a) => a.name === 'join-request-dave.json')!.id);
    const again = await importFiles(ops[2]!, [requestFile]);
    expect(again.outcomes[0]!.error?.code).toBe('bundle/duplicate');
    expect(again.outcomes[0]!.error?.message).toContain('joined with it');
    const stale = await importFiles(ops[2]!, [frankRequest]);
    expect(stale.outcomes[0]!.error?.code).toBe('group/join-request-stale');
    expect(stale.outcomes[0]!.error?.message).toContain('frank must make a new request');
    // Frank catches up from a member's newer group information: his old request is retired and
    // a new one is accepted by the members.
    const newer = (await view(ops[0]!)).artifacts.find((a) => a.id === 'group-info-e1')!;
    const caught = await importFiles(frank, [await artifact(ops[0]!, newer.id)]);
    expect(caught.accepted).toBe(1);
    const fv = await view(frank);
    expect(fact(fv, 'Threshold')).toBe('2 of 4 members');
    expect(fact(fv, 'Refused request')).toContain('outdated');
    expect(fv.next.map((a) => a.action)).toContain('request-join');
    await act(frank, 'request-join', { quorum: ['dave', 'carol'] });
    const fresh = await artifact(frank, (await view(frank)).artifacts.filter((a) => a.name === 'join-request-frank.json').at(-1)!.id);
    expect((await importFiles(ops[2]!, [fresh])).accepted).toBe(1);
    expect((await view(ops[2]!)).headline).toContain('frank asks to join');
  });

  it('refuses bad genesis parameters and a reused, forged or under-approved join', async () => {
    const solo = (await runGenesis(['ann', 'ben'], 2)).ops;
    opened.push(...solo);
    await expectCode(
      call(solo[0]!, 'ceremonies.create', {
        protocol: 'group',
        title: 'T',
        rehearsal: true,
        params: { moniker: 'ann', members: ['ann', 'ben'], threshold: 3 },
      }),
      'group/threshold-too-high',
    );
    await expectCode(
      call(solo[0]!, 'ceremonies.create', {
        protocol: 'group',
        title: 'T',
        rehearsal: true,
        params: { moniker: 'ann', members: ['ann', 'ben', 'Ben'], threshold: 2 },
      }),
      'group/duplicate-moniker',
    );
    await expectCode(
      call(solo[0]!, 'ceremonies.create', {
        protocol: 'group',
        title: 'T',
        rehearsal: true,
        params: { moniker: 'zed', members: ['ann', 'ben'], threshold: 2 },
      }),
      'group/not-in-roster',
    );

    const { ops, exchange } = await runGenesis(['amy', 'bo', 'cy'], 2);
    opened.push(...ops);
    // A newcomer claiming an existing moniker is stopped at once.
    const info = (await view(ops[0]!)).artifacts.find((a) => a.id === 'group-info-e0')!;
    const file = await artifact(ops[0]!, info.id);
    const impostor = await (await import('../../testing/group-operators.ts')).newOperator('bo');
    opened.push(impostor);
    await expectCode(call(impostor, 'ceremonies.join', { ...file, params: { moniker: 'BO' } }), 'group/moniker-taken');

    const eve = await newcomer('eve', ops[0]!, exchange);
    opened.push(eve);
    // Fewer approvers than the threshold cannot even be asked.
    await expectCode(act(eve, 'request-join', { quorum: ['amy'] }), 'group/join-not-enough-approvers');
    await act(eve, 'request-join', { quorum: ['amy', 'bo'] });
    const reqArtifact = (await view(eve)).artifacts.find((a) => a.name === 'join-request-eve.json')!;
    const req = await artifact(eve, reqArtifact.id);
    const signed = decodeJoinRequestFile(base64ToBytes(req.base64));

    // A forged request: Eve's request re-pointed at a moniker that is not hers, re-signed by another key.
    const mallory = identityFromSeed(new Uint8Array(32).fill(9));
    const forged = { ...signed, request: { ...signed.request, moniker: 'mallory' } };
    let r = await importFiles(ops[0]!, [
      { name: 'join-request-mallory.json', base64: Buffer.from(encodeJoinRequestFile(forged)).toString('base64') },
    ]);
    expect(r.outcomes[0]!.error?.code).toBe('group/join-request-forged');
    // A request reusing an existing moniker (properly signed by the impostor's own key).
    const reused = signJoinRequest(mallory, { ...signed.request, moniker: 'cy', identity: mallory.public });
    r = await importFiles(ops[0]!, [
      { name: 'join-request-cy.json', base64: Buffer.from(encodeJoinRequestFile(reused)).toString('base64') },
    ]);
    expect(r.outcomes[0]!.error?.code).toBe('group/moniker-taken');
    expect(r.outcomes[0]!.error?.message).toContain('cy');

    // Only Amy approves (M-1 = 1 of the 2 needed): Eve cannot finalise, and Amy cannot contribute yet.
    await expectClean(sync([...ops, eve], exchange));
    const code = fact(await view(eve), 'Your identity code')!;
    await act(ops[0]!, 'approve-join', { epoch: 1, identityCheckCode: code });
    await expectClean(sync([...ops, eve], exchange));
    await expectCode(act(ops[0]!, 'send-contribution', { epoch: 1 }), 'group/join-waiting-for-approvals');
    const e = await expectCode(act(eve, 'finalize-join'), 'group/join-not-enough-approvals');
    expect(e.message).toContain('bo');
    expect((await view(eve)).headline).toContain('1 of 2');

    // Bo refuses: the join stays incomplete and the group unchanged.
    await act(ops[1]!, 'refuse-join', { epoch: 1, reason: 'never met eve' });
    expect(fact(await view(ops[1]!), 'Refused request')).toBe('eve: never met eve');
    expect(fact(await view(ops[1]!), 'Threshold')).toBe('2 of 3 members');
  });
});
