import { describe, expect, it } from 'vitest';
import { SEAL_ARTIFACTS, SEAL_FACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { act, codeShown, factOf, signAndSubmit, view } from '../../rehearsal/seal-driver.ts';
import { expectRefusal, makeWorld, sealStateOf } from '../../testing/seal-world.ts';
import { codeStatus, requireCodesMatch } from './code-checks.ts';
import type { MemberState } from './state.ts';

/**
 * Issue 13: the member compares the committee check code before registering and the
 * messages_hash check code before proposing ("Codes match" / "A code differs"), journaled with
 * whose code was heard; main refuses register and propose until the latest comparison of their
 * moment is a match of the code shown now.
 */
describe('Seal code comparisons gate register and propose', () => {
  it('register: refused before a match and after "differs", allowed after a match; the comparison is journaled', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    const [j0, j1] = d.joined;
    const me = j0!.me;
    await act(me, 'generate-keys', { serverUrl: 'https://ks0.example', serverName: 'ks0' });
    const code = codeShown(await view(me), 'committee')!;
    expect(code).toBe(factOf(await view(d.coordinator), SEAL_FACTS.committeeCheckCode));

    // not compared yet: the refusal says what to do, with the code
    const e = await expectRefusal(
      act(me, 'register'),
      'seal/codes-not-confirmed',
      `Compare the committee check code ${code} with the code your coordinator announced, then choose Codes match.`,
    );
    expect(e.details).toEqual({ moment: 'committee', code });

    // what confirm-code refuses: a stale code, whom the member heard
    const input = { moment: 'committee', verdict: 'match', code, heard: ['coordinator', 'member-1'] };
    await expectRefusal(act(me, 'confirm-code', { ...input, code: '0000-0000-0000' }), 'seal/code-changed', `is now ${code}`);
    await expectRefusal(act(me, 'confirm-code', { ...input, heard: [] }), 'seal/codes-heard-invalid', "at least the coordinator's");
    await expectRefusal(act(me, 'confirm-code', { ...input, heard: ['member-1'] }), 'seal/codes-heard-invalid', "coordinator's code too");
    await expectRefusal(
      act(me, 'confirm-code', { ...input, heard: ['coordinator', 'member-7'] }),
      'seal/codes-heard-invalid',
      '"member-7" is not a participant',
    );
    await expectRefusal(act(me, 'confirm-code', { ...input, heard: ['coordinator', 'member-0'] }), 'seal/codes-heard-invalid', 'is you');
    await expectRefusal(act(d.coordinator, 'confirm-code', input), 'seal/wrong-role');
    await expectRefusal(act(j1!.me, 'confirm-code', { ...input, moment: 'messages-hash' }), 'seal/not-processed');
    expect(sealStateOf(w.members[0]!, me.id)).toMatchObject({ codeChecks: [] });

    // "A code differs": journaled, and register stays refused, saying to stop
    let v = await act(me, 'confirm-code', { ...input, verdict: 'differs' });
    expect(v.activity[0]).toMatchObject({
      step: 'confirm-code',
      summary: `A code differs: committee check code ${code}, compared with the coordinator and M1 — stop; do not register`,
    });
    expect(v.headline).toContain('stop, do not register, and talk to your coordinator');
    expect(v.next.map((a) => a.action)).not.toContain('register');
    await expectRefusal(act(me, 'register'), 'seal/codes-not-confirmed', 'differed', 'stop, do not register', 'talk to your coordinator');

    // a later "Codes match" counts (the latest comparison per moment)
    v = await act(me, 'confirm-code', { ...input, heard: ['member-1', 'coordinator', 'member-1'] });
    expect(v.activity[0]!.summary).toBe(`Codes match: committee check code ${code}, heard from the coordinator and M1`);
    const s = sealStateOf(w.members[0]!, me.id) as MemberState;
    expect(s.codeChecks.map((c) => [c.verdict, c.heard])).toEqual([
      ['differs', ['coordinator', 'member-1']],
      ['match', ['coordinator', 'member-1']],
    ]);
    expect(v.next.map((a) => a.action)).toContain('register');
    await act(me, 'register');
    await signAndSubmit(me);
    // repeating register after registering answers as before
    await expectRefusal(act(me, 'register'), 'seal/already-registered');

    // a match of a code that is no longer the one shown does not count
    const changed: MemberState = { ...s, codeChecks: [{ ...s.codeChecks[1]!, code: '1111-2222-3333' }] };
    expect(codeStatus(changed, 'committee').state).toBe('changed');
    expect(() => requireCodesMatch(changed, 'committee')).toThrow(`changed since you compared it (1111-2222-3333; it is now ${code})`);
    // a state folder from before code checks existed reads as "never compared"
    const old = { ...s, codeChecks: undefined } as unknown as MemberState;
    expect(codeStatus(old, 'committee').state).toBe('none');
  }, 60_000);

  it('air-gapped: the registration request waits for a match too', async () => {
    const w = await makeWorld(2, 2, { airGapped: [1] });
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    const j1 = d.joined[1]!;
    await act(j1.me, 'generate-keys', { serverUrl: 'https://ks1.example', serverName: 'ks1' });
    await expectRefusal(act(j1.me, 'register'), 'seal/codes-not-confirmed', 'Compare the committee check code');
    expect((await view(j1.me)).artifacts.map((a) => a.id)).not.toContain(SEAL_ARTIFACTS.registerRequest);
    await d.confirmCode(j1, 'committee');
    await act(j1.me, 'register');
    expect((await view(j1.me)).artifacts.map((a) => a.id)).toContain(SEAL_ARTIFACTS.registerRequest);
    await expectRefusal(act(j1.me, 'register'), 'seal/already-requested');
  }, 60_000);

  it('propose: refused before the messages_hash match, allowed after', async () => {
    const w = await makeWorld(2, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    const [j0, j1] = d.joined;
    let v = await act(j0!.me, 'process');
    const code = factOf(await view(d.coordinator), SEAL_FACTS.messagesHashCheckCode)!;
    expect(codeShown(v, 'messages-hash')).toBe(code);
    expect(v.headline).toBe(
      `Compare the messages_hash check code ${code} with the code your coordinator announced (and the other members'), then choose Codes match.`,
    );
    await expectRefusal(act(j0!.me, 'propose'), 'seal/codes-not-confirmed', `messages_hash check code ${code}`, 'Codes match');
    // the committee match does not stand in for the messages_hash one
    await expectRefusal(
      act(j0!.me, 'confirm-code', { moment: 'messages-hash', verdict: 'match', code: codeShown(v, 'committee'), heard: ['coordinator'] }),
      'seal/code-changed',
    );
    await act(j1!.me, 'process');
    v = await d.confirmCode(j0!, 'messages-hash');
    expect(v.activity[0]!.summary).toBe(`Codes match: messages_hash check code ${code}, heard from the coordinator and M1`);
    expect(v.headline).toBe(`Codes match (messages_hash check code ${code}): propose.`);
    await act(j0!.me, 'propose');
    await signAndSubmit(j0!.me);
    await expectRefusal(act(j0!.me, 'propose'), 'seal/already-proposed');
    await d.propose(j1!);
    await d.finalizeAll();
    expect((await view(j0!.me)).status).toBe('completed');
    // the journal holds both comparisons, each once
    const lines = (await view(j0!.me)).activity.filter((a) => a.step === 'confirm-code').map((a) => a.summary);
    expect(lines).toEqual([
      `Codes match: messages_hash check code ${code}, heard from the coordinator and M1`,
      expect.stringMatching(/^Codes match: committee check code \d{4}-\d{4}-\d{4}, heard from the coordinator and M1$/),
    ]);
  }, 60_000);
});
