/**
 * Issue 16, RedPallas online: two installs run a 2-of-2 `FROST(Pallas, BLAKE2b-512)` DKG through
 * a frostd test relay (frost-client's `-C redpallas`), then an online signing, which is
 * rerandomized as frost-client's coordinator always does for RedPallas. The signature is checked
 * with the RedPallas verifier written from the Zcash spec, under the randomized key only.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { hasEvenY } from '../../../crypto/frost/pallas.ts';
import { redPallasValidate } from '../../../testing/independent/redpallas-verifier.ts';
import { orchardSpendAuthBase } from '../../../testing/orchard-vectors.ts';
import { confirmGroupCodes, exchangeContacts, groupState, onlineTestEnv, poll, view, type Member } from '../../../testing/frost-online.ts';

const env = onlineTestEnv();
const { clock } = env;

describe('online RedPallas DKG and rerandomized signing (two installs)', () => {
  it('2-of-2: the group key has an even y; the signature verifies under VK + randomizer·G, not under VK', async () => {
    const all = await env.installs(['Ana', 'Ben']);
    const [ana, ben] = all as [Member, Member];
    await exchangeContacts(all);
    const created = await ana.core.engine.create('frost', 'Zcash', false, {
      mode: 'online-dkg',
      server: env.relay.url,
      threshold: 2,
      description: 'Zcash',
      participants: ['Ben'],
      suite: 'redpallas',
    });
    ana.id = created.id;
    ben.id = (
      await ben.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, suite: 'redpallas', threshold: 2 })
    ).id;
    await ben.core.engine.act(ben.id, 'online-accept', {});
    await poll(all, clock, () => all.every((m) => groupState(m).group && groupState(m).online!.runs[0]!.report.status === 'done'));
    const groupKey = groupState(ana).group!.verifyingKey;
    expect(groupState(ben).group!.verifyingKey).toBe(groupKey);
    await confirmGroupCodes(all);
    expect(groupState(ana).suite).toBe('FROST(Pallas, BLAKE2b-512)');
    expect(hasEvenY(hexToBytes(groupKey))).toBe(true);

    const message = new TextEncoder().encode('Orchard spend\n');
    const st = groupState(ana);
    await ana.core.engine.act(ana.id, 'online-sign-request', {
      signers: st.members.map((m) => m.id),
      message: Buffer.from(message).toString('base64'),
      label: 'spend.txt',
    });
    await ben.core.engine.act(ben.id, 'online-sign-join', {});
    await poll(all, clock, () => view(ben).next.some((n) => n.action === 'online-approve'));
    await ben.core.engine.act(ben.id, 'online-approve', {});
    await poll(all, clock, () => groupState(ana).online!.runs.some((r) => r.signature));
    const run = groupState(ana).online!.runs.find((r) => r.signature)!;
    const read = (artifactId: string) => new TextDecoder().decode(ana.core.engine.readArtifact(ana.id, artifactId).bytes).trim();
    expect(read(`randomizer:${run.id}`)).toMatch(/^[0-9a-f]{64}$/);
    const rk = read(`randomized-key:${run.id}`);
    expect(rk).not.toBe(groupKey);
    const sig = hexToBytes(run.signature!);
    expect(redPallasValidate(orchardSpendAuthBase(), hexToBytes(rk), message, sig)).toBe(true);
    expect(redPallasValidate(orchardSpendAuthBase(), hexToBytes(groupKey), message, sig)).toBe(false);
  });
});
