import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEnvelope, sealEnvelope, type EnvelopeContext, type SealedEnvelope } from './envelope.ts';

const alice = x25519.utils.randomSecretKey();
const bob = x25519.utils.randomSecretKey();
const carol = x25519.utils.randomSecretKey();
const ctx: EnvelopeContext = { ceremony: 'frost-0011223344', purpose: 'dkg/round2', from: 'p1', to: 'p2' };

const seal = (plaintext: Uint8Array, c = ctx, entropy = randomBytes(32)) =>
  sealEnvelope({ plaintext, senderSecret: alice, recipientPublic: x25519.getPublicKey(bob), context: c, entropy });
const open = (
  envelope: SealedEnvelope,
  over: Partial<{ recipientSecret: Uint8Array; senderPublic: Uint8Array; context: EnvelopeContext }> = {},
) =>
  openEnvelope({
    envelope,
    recipientSecret: over.recipientSecret ?? bob,
    senderPublic: over.senderPublic ?? x25519.getPublicKey(alice),
    context: over.context ?? ctx,
    senderName: 'Alice',
  });

describe('sealed envelopes for secret packages', () => {
  it('round-trips any plaintext for its recipient, and the ciphertext does not contain it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (pt) => {
        const env = seal(pt);
        expect(bytesToHex(open(env))).toBe(bytesToHex(pt));
        if (pt.length >= 8) expect(env.ct.includes(bytesToHex(pt))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('only the recipient can open it; a wrong sender key, context or any changed byte fails with a clear error', () => {
    const env = seal(new TextEncoder().encode('{"signing_share":"…"}'));
    const fails = (f: () => unknown) =>
      expect(f).toThrow(expect.objectContaining({ code: 'frost/envelope-unreadable', message: expect.stringContaining('Alice') }));
    fails(() => open(env, { recipientSecret: carol }));
    fails(() => open(env, { senderPublic: x25519.getPublicKey(carol) }));
    for (const field of ['ceremony', 'purpose', 'from', 'to'] as const)
      fails(() => open(env, { context: { ...ctx, [field]: `${ctx[field]}x` } }));
    const ct = hexToBytes(env.ct);
    for (let i = 0; i < ct.length; i += 7) {
      const bad = ct.slice();
      bad[i]! ^= 1;
      fails(() => open({ ...env, ct: bytesToHex(bad) }));
    }
    const eph = hexToBytes(env.eph);
    eph[3]! ^= 1;
    fails(() => open({ ...env, eph: bytesToHex(eph) }));
    fails(() => open({ ...env, ct: env.ct.slice(0, 20) }));
    fails(() => open({ v: 2, eph: env.eph, ct: env.ct } as unknown as SealedEnvelope));
  });

  it('is reproducible from the same entropy and plaintext (crash re-runs), never reuses a key for another plaintext', () => {
    const e = randomBytes(32);
    const a = seal(new Uint8Array([1, 2, 3]), ctx, e);
    expect(seal(new Uint8Array([1, 2, 3]), ctx, e)).toEqual(a);
    const b = seal(new Uint8Array([1, 2, 4]), ctx, e);
    expect(b.eph).not.toBe(a.eph);
  });

  it('refuses a low-order recipient key instead of encrypting under a known key', () => {
    const lowOrder = new Uint8Array(32); // the X25519 point 0
    expect(() =>
      sealEnvelope({
        plaintext: new Uint8Array([1]),
        senderSecret: alice,
        recipientPublic: lowOrder,
        context: ctx,
        entropy: randomBytes(32),
      }),
    ).toThrow(expect.objectContaining({ code: 'frost/envelope-bad-key' }));
  });
});
