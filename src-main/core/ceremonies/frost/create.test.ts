import { afterAll, describe, expect, it } from 'vitest';
import { act, type Party } from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, parties } from '../../testing/frost-parties.ts';

let ps: Party[] = [];
afterAll(() => closeAll(ps));

describe('creating and joining a FROST group: inputs people can get wrong', () => {
  it('refuses impossible parameters with a sentence naming the field', async () => {
    ps = await parties(['Alice', 'Bob']);
    const e = ps[0]!.core.engine;
    const create = (params: Record<string, unknown>) =>
      e.create('frost', 'G', false, {
        mode: 'dkg',
        suite: 'ed25519',
        threshold: 2,
        description: 'G',
        members: ['Alice', 'Bob', 'Carol'],
        ...params,
      });
    await expect(create({ threshold: 4 })).rejects.toMatchObject({
      code: 'api/invalid-input',
      message: 'threshold: The threshold cannot exceed the 3 members.',
    });
    await expect(create({ threshold: 1 })).rejects.toMatchObject({
      code: 'api/invalid-input',
      message: expect.stringMatching(/^threshold: /),
    });
    await expect(create({ members: ['Alice', 'alice'] })).rejects.toMatchObject({
      message: expect.stringContaining('"alice" is listed twice'),
    });
    await expect(create({ members: ['Alice', 'B/ob'] })).rejects.toMatchObject({ message: expect.stringContaining('slashes') });
    await expect(create({ suite: 'redjubjub' })).rejects.toMatchObject({ message: expect.stringMatching(/^suite: .*ed25519/) });
    await expect(create({ members: ['Alice'] })).rejects.toMatchObject({ code: 'api/invalid-input' });
    expect(e.list()).toEqual([]);
  });

  it('joins only from an invitation; any other FROST bundle says where it belongs', async () => {
    const [alice, bob] = ps as [Party, Party];
    alice.id = (
      await alice.core.engine.create('frost', 'G', false, {
        mode: 'dkg',
        suite: 'p256',
        threshold: 2,
        description: 'G',
        members: ['Alice', 'Bob'],
      })
    ).id;
    await act(alice, 'round1');
    await expect(bob.core.engine.join('round1-Alice.ceremony', bundleFor(alice, 'round1'), {})).rejects.toMatchObject({
      code: 'engine/not-an-invitation',
      message: expect.stringContaining('not an invitation'),
    });
    const v = await bob.core.engine.join('invitation-for-Bob.ceremony', bundleFor(alice, 'invite.p2'), {});
    expect(v.headline).toContain('Alice invites you, Bob, into a group: p256, any 2 of 2 (Alice, Bob) can sign');
    expect(v.next.map((a) => a.action)).toEqual(['round1']);
    expect(v.next[0]!.confirm).toContain('Parameters check code');
    await expect(bob.core.engine.join('again.ceremony', bundleFor(alice, 'invite.p2'), {})).rejects.toMatchObject({
      code: 'engine/already-joined',
    });
  });
});
