import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { scalarFromBytes } from './field.ts';
import { processAllMessages } from './process-all.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';
import { combinePartialUserKeys, derivePartialUserKey, fullId, verifyUserKey } from './user-key.ts';

describe('threshold user-key check (Boneh–Franklin)', async () => {
  const rng = seededRandom('user-key');
  const id = '0x' + '7a'.repeat(32);
  const members = generateCommitteeKeys(5, rng);
  const messages = dealAll(id, 3, members, rng);
  const results = await Promise.all(
    members.map((m, i) =>
      processAllMessages({ committeeId: id, threshold: 3, members: registeredKeys(members), myPartyId: i, encSk: m.encSk, messages }),
    ),
  );
  const keyServerPk = results[0]!.keyServerPk;
  const identity = fullId(rng(32), utf8ToBytes('some inner id'));
  const partials = results.map((r, i) => ({ partyId: i, key: derivePartialUserKey(scalarFromBytes(r.masterShare), identity) }));

  it("each partial user key verifies against that member's partial public key", () => {
    partials.forEach((p, i) => expect(verifyUserKey(p.key, identity, results[0]!.partialPks[i]!)).toBe(true));
    expect(verifyUserKey(partials[0]!.key, identity, results[0]!.partialPks[1]!)).toBe(false);
  });

  it('any t partial keys combine to a user key valid for KEY_SERVER_PK', () => {
    const a = combinePartialUserKeys([partials[0]!, partials[2]!, partials[4]!], 3);
    const b = combinePartialUserKeys([partials[3]!, partials[1]!, partials[2]!], 3);
    expect(bytesToHex(a)).toBe(bytesToHex(b));
    expect(verifyUserKey(a, identity, keyServerPk)).toBe(true);
    expect(verifyUserKey(a, utf8ToBytes('another id'), keyServerPk)).toBe(false);
  });

  it('fewer than t, or a wrong share, do not give a valid key', () => {
    expect(() => combinePartialUserKeys(partials.slice(0, 2), 3)).toThrow(/exactly 3/);
    const wrong = { partyId: 4, key: partials[3]!.key };
    expect(verifyUserKey(combinePartialUserKeys([partials[0]!, partials[1]!, wrong], 3), identity, keyServerPk)).toBe(false);
  });
});
