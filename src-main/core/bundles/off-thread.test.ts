import { afterAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { WorkerPool } from '../workers/pool.ts';
import { ed25519Signer, encodeBundle, parseBundle, type NewBundle } from './codec.ts';
import { BundleError } from './errors.ts';
import { encodeBundleOffThread, parseBundleOffThread, payloadJson } from './off-thread.ts';

/** A large bundle goes through a real worker thread and comes back the same as parsed here. */
const signer = ed25519Signer(ed25519.utils.randomSecretKey());
const big = { messages: Array.from({ length: 40 }, (_, i) => String(i % 10).repeat(40_000)) };
const base: NewBundle = {
  protocol: 'seal',
  ceremonyId: 'seal-0123456789',
  phase: 3,
  step: 'message-set',
  sender: { id: 'coordinator', label: 'Coordinator' },
  createdAt: '2026-12-07T10:00:00.000Z',
  rehearsal: true,
  payloadType: 'application/json',
  payload: utf8ToBytes(JSON.stringify(big)),
};
const bytes = encodeBundle(base, signer).bytes;
const pool = new WorkerPool({ size: 1 });
afterAll(() => pool.close());

describe('parseBundleOffThread', () => {
  it('parses a large bundle in the worker to what parseBundle gives, with its payload JSON', async () => {
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const here = parseBundle(bytes);
    const there = await parseBundleOffThread(bytes, pool);
    // A copy moved to the worker: the caller's bytes stay whole (an import may retry them).
    expect(bytes.byteLength).toBeGreaterThan(1 << 20);
    expect(there.fingerprint).toBe(here.fingerprint);
    expect(there.header).toEqual(here.header);
    expect(Buffer.from(there.payload).equals(here.payload)).toBe(true);
    expect(payloadJson(there)).toEqual(big);
    expect(payloadJson(here)).toEqual(big);
  });

  it("gives back the worker's refusal as a BundleError with its code", async () => {
    const text = new TextDecoder().decode(bytes);
    const altered = utf8ToBytes(text.replace('"Coordinator"', '"Mallory"'));
    const e = await parseBundleOffThread(altered, pool).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BundleError);
    expect((e as BundleError).code).toBe('bundle/bad-signature');
    const cut = await parseBundleOffThread(bytes.subarray(0, bytes.length - 10), pool).catch((x: unknown) => x);
    expect((cut as BundleError).code).toBe('bundle/truncated');
  });
});

describe('encodeBundleOffThread', () => {
  it('writes a large bundle in the worker byte for byte as encodeBundle does, and leaves the payload whole', async () => {
    const there = await encodeBundleOffThread(base, signer, pool);
    expect(Buffer.from(there.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(there.bundle.fingerprint).toBe(parseBundle(bytes).fingerprint);
    expect(base.payload.byteLength).toBeGreaterThan(1 << 20);
  });

  it('encodes a small bundle here, the same way', async () => {
    const small = { ...base, payload: utf8ToBytes('{"small":true}') };
    const here = encodeBundle(small, signer);
    const same = await encodeBundleOffThread(small, signer, pool);
    expect(Buffer.from(same.bytes).equals(Buffer.from(here.bytes))).toBe(true);
  });
});
