import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { Fr, lagrangeAtZero, scalarFromBytes } from './field.ts';
import { G2, mulBase } from './groups.ts';
import { processAllMessages, processPublicly } from './process-all.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';

const COMMITTEE = '0x' + '5e'.repeat(32);

describe('fresh DKG end to end (n=4, t=3)', async () => {
  const rng = seededRandom('fresh-4-3');
  const members = generateCommitteeKeys(4, rng);
  const messages = dealAll(COMMITTEE, 3, members, rng);
  const results = await Promise.all(
    members.map((m, i) =>
      processAllMessages({
        committeeId: COMMITTEE,
        threshold: 3,
        members: registeredKeys(members),
        myPartyId: i,
        encSk: m.encSk,
        messages: [...messages].reverse(),
      }),
    ),
  );

  it('every member derives the same public outputs and messages hash', () => {
    for (const r of results) {
      expect(bytesToHex(r.keyServerPk)).toBe(bytesToHex(results[0]!.keyServerPk));
      expect(r.partialPks.map(bytesToHex)).toEqual(results[0]!.partialPks.map(bytesToHex));
      expect(bytesToHex(r.messagesHash)).toBe(bytesToHex(results[0]!.messagesHash));
      expect(r.senders).toEqual([0, 1, 2, 3]);
    }
  });

  it('a relay holding no share derives the same proposal values (processPublicly)', async () => {
    const r = await processPublicly({ committeeId: COMMITTEE, threshold: 3, members: registeredKeys(members), messages });
    expect(bytesToHex(r.keyServerPk)).toBe(bytesToHex(results[0]!.keyServerPk));
    expect(r.partialPks.map(bytesToHex)).toEqual(results[0]!.partialPks.map(bytesToHex));
    expect(bytesToHex(r.messagesHash)).toBe(bytesToHex(results[0]!.messagesHash));
    expect(r).not.toHaveProperty('masterShare');
  });

  it('public processing runs the same message checks: a message signed for another committee is refused, naming its sender', async () => {
    const other = dealAll('0x' + '77'.repeat(32), 3, members, seededRandom('other-committee'));
    const mixed = [other[2]!, ...messages.filter((_, i) => i !== 2)];
    const e = await processPublicly({ committeeId: COMMITTEE, threshold: 3, members: registeredKeys(members), messages: mixed }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ code: 'seal/message-invalid', details: { sender: 2, check: 'signature' } });
  });

  it('G2·share_j equals partial key j', () => {
    results.forEach((r, j) =>
      expect(bytesToHex(G2.encode(mulBase(G2, scalarFromBytes(r.masterShare))))).toBe(bytesToHex(r.partialPks[j]!)),
    );
  });

  it('every threshold subset of shares reconstructs the key', () => {
    const shares = results.map((r) => scalarFromBytes(r.masterShare));
    const subsets = [
      [0, 1, 2],
      [0, 1, 3],
      [0, 2, 3],
      [1, 2, 3],
    ];
    for (const s of subsets) {
      const lambdas = lagrangeAtZero(s.map((j) => j + 1));
      const secret = s.reduce((acc, j, k) => Fr.add(acc, Fr.mul(lambdas[k]!, shares[j]!)), 0n);
      expect(bytesToHex(G2.encode(mulBase(G2, secret)))).toBe(bytesToHex(results[0]!.keyServerPk));
    }
  });
});

describe('progress while processing', () => {
  it('reports every message as its piece finishes, ending at the total, with the same outputs', async () => {
    const rng = seededRandom('progress-17-3');
    const members = generateCommitteeKeys(17, rng);
    const messages = dealAll(COMMITTEE, 3, members, rng);
    const seen: [number, number][] = [];
    const input = {
      committeeId: COMMITTEE,
      threshold: 3,
      members: registeredKeys(members),
      myPartyId: 5,
      encSk: members[5]!.encSk,
      messages,
    };
    const r = await processAllMessages(input, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen[0]).toEqual([0, 17]);
    expect(seen.at(-1)).toEqual([17, 17]);
    expect(seen.length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
    const plain = await processAllMessages(input);
    expect(bytesToHex(r.masterShare)).toBe(bytesToHex(plain.masterShare));
  });
});
