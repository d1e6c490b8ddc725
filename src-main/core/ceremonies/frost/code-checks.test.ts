/**
 * Issue 14: after a FROST DKG each member compares the group key check code ("Codes match" /
 * "A code differs"), journaled with whose code was heard; main refuses to use the group (sign,
 * approve, refresh, repair, frost-client export) until the latest comparison is a match of the
 * code shown now.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { act, readState, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties } from '../../testing/frost-parties.ts';
import { groupCodeStatus, groupKeyCode, requireGroupCodeConfirmed } from './code-checks.ts';
import { exportFrostClientToml } from './frost-client-toml.ts';
import type { GroupState } from './state.ts';

const open: Party[] = [];
afterAll(() => closeAll(open));

async function refused(p: Promise<unknown>, code: string, ...words: string[]): Promise<CeremonyError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, `expected a refusal ${code}`).toBeInstanceOf(CeremonyError);
  expect((e as CeremonyError).code).toBe(code);
  for (const w of words) expect((e as CeremonyError).message).toContain(w);
  return e as CeremonyError;
}

const message = Buffer.from('Pay Dave 10 coins').toString('base64');

describe('the group key code gates the use of a FROST group', () => {
  it('refused before a match and after "differs"; allowed after a match; journaled with whose code was heard', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol']);
    open.push(...ps);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Gate', rehearsal: false });
    // before the key exists there is nothing to compare
    await refused(act(bob, 'confirm-code', { verdict: 'match', code: '0000-0000-0000', heard: ['p1'] }), 'frost/no-group');
    for (const p of ps) await act(p, 'round1');
    await syncClean(ps);
    for (const p of ps) await act(p, 'round2');
    await syncClean(ps);
    for (const p of ps) await act(p, 'finalize');
    const code = groupKeyCode(readState(alice))!;
    for (const p of ps) expect(groupKeyCode(readState(p))).toBe(code);

    // not compared yet: every use of the group is refused, saying what to do
    const e = await refused(
      act(alice, 'sign-request', { signers: ['p1', 'p2'], message, label: '' }),
      'frost/group-code-not-confirmed',
      `Compare the group key check code ${code} with the other members before using this group, then choose Codes match.`,
    );
    expect(e.details).toEqual({ code });
    await refused(act(bob, 'refresh-start', {}), 'frost/group-code-not-confirmed', `${code} with Alice`);
    await refused(act(bob, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] }), 'frost/group-code-not-confirmed');
    await refused(act(bob, 'online-sign-request', { signers: ['p1', 'p2'], message, label: '' }), 'frost/group-code-not-confirmed');
    await refused(act(bob, 'online-sign-join', {}), 'frost/group-code-not-confirmed');
    await expect(
      exportFrostClientToml(readState(bob), { has: () => Promise.resolve(false), read: () => Promise.reject(new Error('no')) }),
    ).rejects.toMatchObject({
      code: 'frost/group-code-not-confirmed',
    });
    // verifying a signature does not use the shares: allowed
    expect(bob.core.engine.view(bob.id).next.map((n) => n.action)).toEqual(['confirm-code', 'verify']);

    // what confirm-code refuses: a stale code, whom the member heard
    const input = { verdict: 'match', code, heard: ['p1'] };
    await refused(act(bob, 'confirm-code', { ...input, code: '1111-2222-3333' }), 'frost/code-changed', `is now ${code}`);
    await refused(act(bob, 'confirm-code', { ...input, heard: ['p3'] }), 'frost/codes-heard-invalid', "Compare with Alice's code too");
    await refused(act(bob, 'confirm-code', { ...input, heard: ['p1', 'p9'] }), 'frost/codes-heard-invalid', '"p9" is not a member');
    await refused(act(bob, 'confirm-code', { ...input, heard: ['p1', 'p2'] }), 'frost/codes-heard-invalid', 'p2 is you');
    await refused(act(alice, 'confirm-code', { ...input, heard: [] }), 'frost/codes-heard-invalid', 'at least one other member');
    expect(readState(bob).codeChecks ?? []).toEqual([]);

    // "A code differs": journaled; the group stays refused, saying to stop; the headline says so first
    let v = await act(bob, 'confirm-code', { ...input, verdict: 'differs', heard: [] });
    expect(v.activity[0]).toMatchObject({
      step: 'confirm-code',
      summary: `A code differs: group key check code ${code}, compared with nobody named — stop; do not use this group`,
    });
    expect(v.headline).toMatch(/^Stop: the group key check code .* Do not use this group; talk to Alice/);
    expect(v.view).toMatchObject({ step: 'code-differs', groupKeyCheck: 'differs' });
    await refused(act(bob, 'refresh-start', {}), 'frost/group-code-not-confirmed', 'differed', 'stop, do not use this group');

    // a later "Codes match" counts (the latest comparison)
    v = await act(bob, 'confirm-code', { ...input, heard: ['p3', 'p1', 'p3'] });
    expect(v.activity[0]!.summary).toBe(
      `Codes match: group key check code ${code}, heard from Alice and Carol; signed the ceremony record`,
    );
    expect(readState(bob).codeChecks!.map((c) => [c.verdict, c.heard])).toEqual([
      ['differs', []],
      ['match', ['p1', 'p3']],
    ]);
    expect(v.view).toMatchObject({ step: 'ready', groupKeyCheck: 'match' });

    // Bob confirmed, Alice did not: Bob may not be asked by Alice yet, and Alice cannot approve Bob's request
    await act(bob, 'sign-request', { signers: ['p1', 'p2'], message, label: 'from Bob' });
    await syncClean(ps);
    await refused(act(alice, 'sign-approve', {}), 'frost/group-code-not-confirmed');
    expect(alice.core.engine.view(alice.id).next.map((n) => [n.action, n.primary])).toEqual([
      ['confirm-code', true],
      ['sign-decline', false],
      ['verify', false],
    ]);
    // the creator compares with the others (no one is required by name)
    await act(alice, 'confirm-code', { verdict: 'match', code, heard: ['p2'] });
    await act(alice, 'sign-approve', {});
    expect(readState(alice).signings.at(-1)!.decision).toBe('approved');
    // Carol never compared: still refused
    await refused(act(carol, 'refresh-start', {}), 'frost/group-code-not-confirmed');

    // a match of a code that is no longer the one shown does not count
    const s = readState(bob);
    const changed: GroupState = { ...s, codeChecks: [{ ...s.codeChecks!.at(-1)!, code: '1111-2222-3333' }] };
    expect(groupCodeStatus(changed).state).toBe('changed');
    expect(() => requireGroupCodeConfirmed(changed)).toThrow(`changed since you compared it (1111-2222-3333; it is now ${code})`);
    // a state folder from before code checks existed reads as "never compared"
    const old = { ...s, codeChecks: undefined } as GroupState;
    expect(groupCodeStatus(old).state).toBe('none');
    // a frost-client import was compared with frost-client: not gated here
    expect(groupCodeStatus({ ...s, origin: 'frost-client-import', codeChecks: [] }).state).toBe('not-needed');
  }, 60_000);
});
