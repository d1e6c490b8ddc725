/**
 * Our app and frost-client in the same sessions. "Zoe" is a frost-client user, stood in for by
 * the frostd runners driven directly (they speak frost-client's message shapes and
 * choreography): she creates the DKG the way frost-client does (message_count 1), Bob
 * and Carol join it from the app; then Zoe coordinates a signing the app members sign, and Bob
 * coordinates one that Zoe signs.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { FrostdSignCoordinator } from '../../../transports/frostd/sign-coordinator.ts';
import { FrostdSignParticipant } from '../../../transports/frostd/sign-participant.ts';
import { expectCode } from '../../../vault/test-support.ts';
import { FROST_FACT } from '../../../../../src-shared/ceremonies/frost.ts';
import { confirmGroupCodes, fact, groupState, onlineTestEnv, poll, view, zoeCreatesDkg } from '../../../testing/frost-online.ts';

const env = onlineTestEnv();
const { clock } = env;

describe('a mixed session: frost-client (runner stand-in) and the app', () => {
  it('frost-client creates the DKG; app members join it; both sides coordinate and sign', async () => {
    // Zoe: `frost-client dkg -S <Bob>,<Carol> -t 2` (message_count 1: the threshold is not on the relay).
    const { apps, bob, carol, zoe, zoeDkg, keyOf } = await zoeCreatesDkg(env);
    expect(env.relay.sessionInfo(zoeDkg.sessionId!)!.messageCount).toBe(1);

    // The relay does not carry the threshold: the app asks for it rather than guess.
    const err = await expectCode(
      bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url }),
      'frost/online-threshold-needed',
    );
    expect(err.message).toBe(
      "The relay does not say the threshold of Zoe's key generation: enter the threshold Zoe told you (any T of the 3 members).",
    );
    for (const m of apps) {
      const v = await m.core.engine.create('frost', 'x', false, {
        mode: 'online-join',
        server: env.relay.url,
        threshold: 2,
        description: 'With Zoe',
      });
      m.id = v.id;
      expect(v.headline).toContain(`Zoe invites you, ${m.name}, into an online key generation`);
      await m.core.engine.act(m.id, 'online-accept', {});
    }
    const zoeStep = () => zoeDkg.step(zoe.client, { now: clock.now() });
    await poll(apps, clock, () => zoeDkg.status === 'done' && apps.every((m) => groupState(m).online!.runs[0]!.report.status === 'done'), {
      others: [zoeStep],
    });
    const groupKey = zoeDkg.result!.groupKey;
    for (const m of apps) expect(groupState(m).group!.verifyingKey).toBe(groupKey);
    await confirmGroupCodes(apps);
    // Zoe is a member here under frost-client's identifier for her key.
    const zoeId = zoeDkg.result!.keyPackage.identifier;
    expect(groupState(bob).members.find((x) => x.name === 'Zoe')!.identifier).toBe(zoeId);
    expect(groupState(bob).creator).toBe(groupState(bob).members.find((x) => x.name === 'Zoe')!.id);
    const participants = Object.fromEntries(Object.entries(zoeDkg.result!.participants).map(([id, k]) => [id, bytesToHex(k)]));

    // ── Zoe coordinates (`frost-client coordinator -S <Bob>,<Carol> -m msg`): the app members sign.
    const msg1 = new TextEncoder().encode('frost-client asks, the app signs');
    const coord = FrostdSignCoordinator.create(
      {
        publicKeyPackage: zoeDkg.result!.publicKeyPackage,
        minSigners: 2,
        participants,
        signers: [keyOf(bob), keyOf(carol)],
        message: msg1,
        contacts: { [keyOf(bob)]: 'Bob', [keyOf(carol)]: 'Carol' },
      },
      { communicationKey: zoe.key, seed: randomBytes(32) },
      clock.now(),
    );
    await coord.step(zoe.client, { now: clock.now() });
    for (const m of apps) await m.core.engine.act(m.id, 'online-sign-join', {});
    const coordStep = () => coord.step(zoe.client, { now: clock.now() });
    await poll(apps, clock, () => apps.every((m) => view(m).next.some((n) => n.action === 'online-approve')), { others: [coordStep] });
    expect(fact(view(carol), FROST_FACT.pendingMessageText)).toBe('frost-client asks, the app signs');
    expect(fact(view(carol), FROST_FACT.pendingMessageFrom)).toMatch(/^Zoe \(online signing/);
    for (const m of apps) await m.core.engine.act(m.id, 'online-approve', {});
    await poll(apps, clock, () => coord.status === 'done', { others: [coordStep] });
    expect(ed25519.verify(coord.result!.signature, msg1, hexToBytes(groupKey))).toBe(true);
    // The signers' runs ended well once their shares were out.
    for (const m of apps) expect(groupState(m).online!.runs.at(-1)!.report.status).toBe('done');

    // ── Bob coordinates and signs; Zoe signs with `frost-client participant`.
    const msg2 = new TextEncoder().encode('the app asks, frost-client signs');
    const zoeSigner = FrostdSignParticipant.create(
      { participants, contacts: { [keyOf(bob)]: 'Bob', [keyOf(carol)]: 'Carol' }, expectedMessage: msg2, autoApprove: true },
      { communicationKey: zoe.key, seed: randomBytes(32), keyPackage: zoeDkg.result!.keyPackage },
      clock.now(),
    );
    const zoeMember = groupState(bob).members.find((x) => x.name === 'Zoe')!.id;
    await bob.core.engine.act(bob.id, 'online-sign-request', {
      signers: [groupState(bob).me, zoeMember],
      message: Buffer.from(msg2).toString('base64'),
      label: 'with Zoe',
    });
    const signerStep = () => zoeSigner.step(zoe.client, { now: clock.now() });
    await poll([bob], clock, () => groupState(bob).online!.runs.some((r) => r.kind === 'sign-coordinator' && r.signature), {
      others: [signerStep],
    });
    const run = groupState(bob).online!.runs.find((r) => r.kind === 'sign-coordinator')!;
    expect(ed25519.verify(hexToBytes(run.signature!), msg2, hexToBytes(groupKey))).toBe(true);
    expect(zoeSigner.status).toBe('done');
  });
});
