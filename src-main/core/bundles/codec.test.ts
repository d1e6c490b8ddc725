import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bundleBytes, ed25519Signer, encodeBundle, parseBundle, type NewBundle } from './codec.ts';
import { BundleError } from './errors.ts';
import { MAX_BUNDLE_BYTES } from './format.ts';

const signer = ed25519Signer(ed25519.utils.randomSecretKey());
const base: NewBundle = {
  protocol: 'seal',
  ceremonyId: 'seal-0123456789',
  phase: 2,
  step: 'seal.message',
  sender: { id: 'party-1', label: 'Bob' },
  createdAt: '2026-11-21T10:00:00.000Z',
  rehearsal: false,
  payloadType: 'application/octet-stream',
  payload: utf8ToBytes('the payload bytes'),
};
const good = encodeBundle(base, signer).bytes;
const text = new TextDecoder().decode(good);
const doc = () => JSON.parse(text) as Record<string, unknown> & { header: Record<string, unknown> };
const enc = (o: unknown) => utf8ToBytes(JSON.stringify(o));

function codeOf(bytes: Uint8Array): string {
  try {
    parseBundle(bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    expect(e.message.length).toBeGreaterThan(10);
    return e.code;
  }
}

describe('bundle codec', () => {
  it('round-trips and gives a stable fingerprint and check code', () => {
    const b = parseBundle(good);
    expect(b.header.sender.label).toBe('Bob');
    expect(new TextDecoder().decode(b.payload)).toBe('the payload bytes');
    expect(b.checkCode).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(parseBundle(good).fingerprint).toBe(b.fingerprint);
    expect(encodeBundle({ ...base, payload: utf8ToBytes('other') }, signer).bundle.fingerprint).not.toBe(b.fingerprint);
  });

  it("writes a parsed bundle back byte for byte, still verifying (a relay hands on the coordinator's file)", () => {
    // Header fields in another order than the sender wrote them: the file comes out the same.
    const d = doc();
    const reordered = enc({ ...d, header: Object.fromEntries(Object.entries(d.header).reverse()) });
    for (const bytes of [good, reordered]) {
      const again = bundleBytes(parseBundle(bytes));
      expect(new TextDecoder().decode(again)).toBe(text);
      expect(parseBundle(again).fingerprint).toBe(parseBundle(good).fingerprint);
    }
  });

  // Each kind of bad file gets its own code (the engine adds the ceremony-level ones).
  const cases: [string, () => Uint8Array, string][] = [
    ['empty file', () => new Uint8Array(), 'bundle/empty'],
    ['file too large', () => new Uint8Array(MAX_BUNDLE_BYTES + 1), 'bundle/too-large'],
    ['binary file', () => new Uint8Array([0xff, 0xfe, 0x00, 0x81]), 'bundle/not-a-bundle'],
    ['some other JSON', () => enc({ message: 'abcd' }), 'bundle/not-a-bundle'],
    ['a text file', () => utf8ToBytes('hello, world'), 'bundle/not-a-bundle'],
    ['truncated bundle', () => good.slice(0, Math.floor(good.length / 2)), 'bundle/truncated'],
    ['newer format version', () => enc({ ...doc(), version: 2 }), 'bundle/unknown-version'],
    ['missing field', () => enc({ ...doc(), header: { ...doc().header, step: undefined } }), 'bundle/malformed'],
    ['extra field', () => enc({ ...doc(), extra: 1 }), 'bundle/malformed'],
    ['payload not base64', () => enc({ ...doc(), payload: '!!!notbase64' }), 'bundle/bad-payload-encoding'],
    ['payload altered', () => enc({ ...doc(), payload: Buffer.from('the payload bytez').toString('base64') }), 'bundle/payload-mismatch'],
    ['header altered', () => enc({ ...doc(), header: { ...doc().header, phase: 3 } }), 'bundle/bad-signature'],
    [
      'sender key swapped',
      () =>
        enc({
          ...doc(),
          header: {
            ...doc().header,
            sender: {
              id: 'party-1',
              label: 'Bob',
              publicKey: Buffer.from(ed25519.getPublicKey(ed25519.utils.randomSecretKey())).toString('hex'),
            },
          },
        }),
      'bundle/bad-signature',
    ],
    ['signature zeroed', () => enc({ ...doc(), signature: '0'.repeat(128) }), 'bundle/bad-signature'],
  ];
  it.each(cases)('%s → %s', (_name, make, code) => {
    expect(codeOf(make())).toBe(code);
  });

  it('fuzz: random bytes and mutated bundles throw nothing but BundleError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        codeOf(bytes);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (pos, xor) => {
        const m = good.slice();
        m[pos]! ^= xor;
        const c = codeOf(m);
        // Any single-byte change is either refused or is JSON-insignificant whitespace.
        if (c === 'ok') expect(/\s/.test(String.fromCharCode(good[pos]!))).toBe(true);
      }),
      { numRuns: 800 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        codeOf(enc(v));
        codeOf(enc({ format: 'ceremony-bundle', version: 1, header: v, payload: '', signature: 'x' }));
      }),
      { numRuns: 300 },
    );
  });

  // Base64 whose final character carries non-zero padding bits decodes (in Node) to the same
  // bytes as the canonical text, so a changed last character would pass the payload hash: it
  // must be refused as an encoding error instead.
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  it('fuzz: a non-canonical final base64 character is refused, never accepted', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => b.length % 3 !== 0),
        fc.integer({ min: 1, max: 15 }),
        (payload, noise) => {
          const d = JSON.parse(new TextDecoder().decode(encodeBundle({ ...base, payload }, signer).bytes)) as { payload: string };
          const pad = d.payload.endsWith('==') ? 2 : 1;
          const at = d.payload.length - pad - 1;
          const spare = pad === 1 ? 0b11 : 0b1111;
          const bits = noise & spare || 1;
          const changed = B64[B64.indexOf(d.payload[at]!) | bits]!;
          const bad = { ...d, payload: d.payload.slice(0, at) + changed + d.payload.slice(at + 1) };
          expect(Buffer.from(bad.payload, 'base64')).toEqual(Buffer.from(payload));
          expect(codeOf(enc(bad))).toBe('bundle/bad-payload-encoding');
        },
      ),
      { numRuns: 200 },
    );
  });
});
