import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@noble/hashes/utils.js';
import { R } from '../field.ts';
import { dealAll, generateCommitteeKeys, seededRandom } from '../simulation.ts';
import { type ParsedSignedMessage, parseSignedMessage, SealBcs, type SignedMessageWire } from '../wire.ts';
import { parseSignedMessageFast } from './wire-fast.ts';

/**
 * The one-pass reader must read an honest message exactly as the strict parser does, and must
 * never accept what the strict parser refuses (it may refuse more: the strict path then decides).
 */
const COMMITTEE = '0x' + 'e7'.repeat(32);
const members = generateCommitteeKeys(5, seededRandom('wire-fast'));
const honest = dealAll(COMMITTEE, 3, members, seededRandom('wire-fast-deal'));

const plain = (p: ParsedSignedMessage) => ({
  wire: JSON.parse(JSON.stringify(p.wire, (_, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))) as unknown,
  messageBytes: Array.from(p.messageBytes),
  nizkBytes: Array.from(p.nizkBytes),
});

function strict(bytes: Uint8Array): ParsedSignedMessage | undefined {
  try {
    return parseSignedMessage(bytes);
  } catch {
    return undefined;
  }
}

const reserialize = (mutate: (w: SignedMessageWire) => void, from = honest[1]!) => {
  const w = parseSignedMessage(from).wire;
  mutate(w);
  return SealBcs.SignedMessage.serialize(w).toBytes();
};

describe('parseSignedMessageFast', () => {
  it('reads honest messages exactly as the strict parser', () => {
    for (const m of honest) expect(plain(parseSignedMessageFast(m)!)).toEqual(plain(parseSignedMessage(m)));
  });

  it.each([
    ['a trailing byte', Uint8Array.from([...honest[0]!, 0])],
    ['a missing last byte', honest[0]!.subarray(0, honest[0]!.length - 1)],
    ['a zero proof response', reserialize((w) => (w.nizkProof.z = new Uint8Array(32)))],
    ['a proof response equal to the group order', reserialize((w) => (w.nizkProof.z = hexToBytes(R.toString(16).padStart(64, '0'))))],
    ['a proof response above the group order', reserialize((w) => (w.nizkProof.z = new Uint8Array(32).fill(0xff)))],
    [
      'a DDH response equal to the group order',
      reserialize((w) => (w.message.encryptedShares.proof.z = hexToBytes(R.toString(16).padStart(64, '0')))),
    ],
    ['an identity DDH point', reserialize((w) => (w.message.encryptedShares.proof.a = Uint8Array.from([0xc0, ...new Array(47).fill(0)])))],
    ['an identity proof point', reserialize((w) => (w.nizkProof.a = Uint8Array.from([0xc0, ...new Array(95).fill(0)])))],
  ])('refuses %s, as the strict parser does', (_, bytes) => {
    expect(strict(bytes)).toBeUndefined();
    expect(parseSignedMessageFast(bytes)).toBeUndefined();
  });

  it('refuses a length in a longer form than needed (not canonical BCS)', () => {
    // The commitment count (3) right after the sender, written as 0x83 0x00 instead of 0x03.
    const m = honest[2]!;
    const padded = Uint8Array.from([m[0]!, m[1]!, 0x83, 0x00, ...m.subarray(3)]);
    expect(strict(padded)).toBeUndefined();
    expect(parseSignedMessageFast(padded)).toBeUndefined();
  });

  it('property: whatever it accepts after random edits, the strict parser accepts and reads the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: honest.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
          minLength: 1,
          maxLength: 4,
        }),
        (k, edits) => {
          const bytes = [...honest[k]!];
          for (const [pos, value, kind] of edits) {
            const at = pos % (bytes.length + 1);
            if (kind === 'set' && at < bytes.length) bytes[at] = value;
            else if (kind === 'insert') bytes.splice(at, 0, value);
            else if (kind === 'delete') bytes.splice(at, 1);
          }
          const edited = Uint8Array.from(bytes);
          const fast = parseSignedMessageFast(edited);
          if (!fast) return;
          const reference = strict(edited);
          expect(reference).toBeDefined();
          expect(plain(fast)).toEqual(plain(reference!));
        },
      ),
      { numRuns: 400 },
    );
  });
});
