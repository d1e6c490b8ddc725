import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import {
  generateCommunicationKeyPair,
  NOISE_MAX_MESSAGE,
  NoiseChannels,
  NoiseKReceiver,
  NoiseKSender,
  type CommunicationKeyPair,
} from './noise.ts';

interface NoiseVector {
  protocol_name: string;
  init_prologue: string;
  init_static: string;
  init_ephemeral: string;
  init_remote_static: string;
  resp_prologue: string;
  resp_static: string;
  resp_remote_static: string;
  handshake_hash: string;
  messages: { payload: string; ciphertext: string }[];
}

const pair = (privateHex: string): CommunicationKeyPair => {
  const privateKey = hexToBytes(privateHex);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
};
const text = (s: string) => new TextEncoder().encode(s);

describe('Noise_K_25519_ChaChaPoly_BLAKE2s', () => {
  const { vectors } = readVectorJson<{ vectors: NoiseVector[] }>('noise', 'noise_k_25519_chachapoly_blake2s.json');

  it('has the cacophony vector', () => expect(vectors.length).toBeGreaterThan(0));

  for (const v of vectors) {
    it(`${v.protocol_name}: sender produces every ciphertext, receiver recovers every payload`, () => {
      const initiator = pair(v.init_static);
      const responder = pair(v.resp_static);
      expect(bytesToHex(responder.publicKey)).toBe(v.init_remote_static);
      expect(bytesToHex(initiator.publicKey)).toBe(v.resp_remote_static);
      const sender = new NoiseKSender(initiator, hexToBytes(v.init_remote_static), {
        prologue: hexToBytes(v.init_prologue),
        ephemeralPrivateKey: hexToBytes(v.init_ephemeral),
      });
      const receiver = new NoiseKReceiver(responder, hexToBytes(v.resp_remote_static), { prologue: hexToBytes(v.resp_prologue) });
      for (const m of v.messages) {
        const c = sender.encrypt(hexToBytes(m.payload));
        expect(bytesToHex(c)).toBe(m.ciphertext);
        expect(bytesToHex(receiver.decrypt(c))).toBe(m.payload);
      }
      expect(bytesToHex(sender.handshakeHash!)).toBe(v.handshake_hash);
      expect(bytesToHex(receiver.handshakeHash!)).toBe(v.handshake_hash);
    });
  }
});

describe('NoiseChannels (frost-client Cipher)', () => {
  const alice = generateCommunicationKeyPair();
  const bob = generateCommunicationKeyPair();
  const eve = generateCommunicationKeyPair();

  it('carries messages both ways, in order, and survives export/restore mid-run', () => {
    const a = new NoiseChannels(alice, [bob.publicKey, eve.publicKey]);
    let b = new NoiseChannels(bob, [alice.publicKey, eve.publicKey]);
    for (let i = 0; i < 3; i++) {
      expect(b.decrypt(alice.publicKey, a.encrypt(bob.publicKey, text(`a→b ${i}`)))).toEqual(text(`a→b ${i}`));
      expect(a.decrypt(bob.publicKey, b.encrypt(alice.publicKey, text(`b→a ${i}`)))).toEqual(text(`b→a ${i}`));
    }
    const saved = JSON.parse(JSON.stringify(b.exportState()));
    b = new NoiseChannels(bob, [alice.publicKey, eve.publicKey], saved);
    expect(b.decrypt(alice.publicKey, a.encrypt(bob.publicKey, text('after restore')))).toEqual(text('after restore'));
    expect(saved.send[bytesToHex(eve.publicKey)]).toEqual({ phase: 'handshake' });
  });

  it('refuses a tampered, replayed, reordered or misattributed message without losing its place', () => {
    const a = new NoiseChannels(alice, [bob.publicKey, eve.publicKey]);
    const b = new NoiseChannels(bob, [alice.publicKey, eve.publicKey]);
    const e = new NoiseChannels(eve, [alice.publicKey, bob.publicKey]);
    const m0 = a.encrypt(bob.publicKey, text('zero'));
    const m1 = a.encrypt(bob.publicKey, text('one'));
    const m2 = a.encrypt(bob.publicKey, text('two'));
    const tampered = Uint8Array.from(m0);
    tampered[40]! ^= 1;
    const failed = expect.objectContaining({ code: 'noise/decrypt-failed', details: { sender: bytesToHex(alice.publicKey) } });
    expect(() => b.decrypt(alice.publicKey, tampered)).toThrow(failed);
    // Eve's handshake relabelled as Alice's (a lying relay) does not decrypt.
    expect(() => b.decrypt(alice.publicKey, e.encrypt(bob.publicKey, text('I am Alice')))).toThrow(failed);
    expect(b.decrypt(alice.publicKey, m0)).toEqual(text('zero'));
    expect(() => b.decrypt(alice.publicKey, m0)).toThrow(failed); // replay
    expect(() => b.decrypt(alice.publicKey, m2)).toThrow(failed); // out of order
    expect(b.decrypt(alice.publicKey, m1)).toEqual(text('one'));
    expect(b.decrypt(alice.publicKey, m2)).toEqual(text('two'));
  });

  it('refuses unknown peers, oversized messages and bad keys with typed errors', () => {
    const a = new NoiseChannels(alice, [bob.publicKey]);
    expect(() => a.encrypt(eve.publicKey, text('x'))).toThrow(expect.objectContaining({ code: 'noise/unknown-peer' }));
    expect(() => a.decrypt(eve.publicKey, new Uint8Array(64))).toThrow(expect.objectContaining({ code: 'noise/unknown-peer' }));
    expect(() => a.encrypt(bob.publicKey, new Uint8Array(NOISE_MAX_MESSAGE))).toThrow(
      expect.objectContaining({ code: 'noise/message-too-large' }),
    );
    const ok = a.encrypt(bob.publicKey, new Uint8Array(NOISE_MAX_MESSAGE - 48));
    expect(ok).toHaveLength(NOISE_MAX_MESSAGE);
    expect(() => new NoiseChannels(alice, [new Uint8Array(31)])).toThrow(expect.objectContaining({ code: 'noise/invalid-key' }));
    expect(() => new NoiseChannels(alice, [new Uint8Array(32)]).encrypt(new Uint8Array(32), text('x'))).toThrow(
      expect.objectContaining({ code: 'noise/invalid-key' }),
    );
    expect(() => new NoiseKReceiver(bob, alice.publicKey, {}, { phase: 'transport', key: 'zz', nonce: 0 })).toThrow(
      expect.objectContaining({ code: 'noise/invalid-state' }),
    );
  });
});
