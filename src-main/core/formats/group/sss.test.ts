import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../../vault/test-support.ts';
import { monikerX } from '../../crypto/group/moniker.ts';
import { GROUP_SUITE as S } from '../../crypto/group/suite.ts';
import { makeOperator, runGenesis, runJoin } from '../../crypto/group/test-support.ts';
import { formatPeersList, parsePeersList, parsePublicKeyTxt } from './public-info.ts';
import { decodePrivateSss, decodeSharedSss, encodePrivateSss, encodeSharedSss } from './sss.ts';
import { privateSssFor, publicTrustServerFiles, readTrustServerState, type TrustServerState } from './trust-server-export.ts';

const L = S.Fn.ORDER;
const point = (i: number) => S.elementToBytes(S.base.multiply(BigInt(i + 1)));

describe('private.sss / shared.sss byte layouts (trust-server.md §2.2)', () => {
  it('private.sss: u32le 1 ‖ seed ‖ u64le len ‖ moniker ‖ 01 ‖ share', () => {
    const seed = new Uint8Array(32).fill(0xaa);
    const share = numberToBytesLE(123456789n, 32);
    const bytes = encodePrivateSss({ seed, moniker: 'scrt_labs', share });
    const expected = Buffer.concat([
      Buffer.from([1, 0, 0, 0]),
      Buffer.from(seed),
      Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from('scrt_labs', 'utf8'),
      Buffer.from([1]),
      Buffer.from(share),
    ]);
    expect(Buffer.from(bytes).toString('hex')).toBe(expected.toString('hex'));
    expect(bytes.length).toBe(4 + 32 + 8 + 9 + 1 + 32);
    const none = encodePrivateSss({ seed, moniker: 'a', share: null });
    expect(bytesToHex(none)).toBe('01000000' + 'aa'.repeat(32) + '0100000000000000' + '61' + '00');
  });

  it('shared.sss: u32le 1 ‖ 01 ‖ u64le M ‖ M points', () => {
    const pts = [point(0), point(1), point(2)];
    const bytes = encodeSharedSss({ commitment: pts });
    expect(bytesToHex(bytes)).toBe('01000000' + '01' + '0300000000000000' + pts.map(bytesToHex).join(''));
    expect(bytesToHex(encodeSharedSss({ commitment: null }))).toBe('0100000000');
  });

  it('round-trips any content', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ maxLength: 40 }),
        fc.option(fc.bigInt({ min: 0n, max: L - 1n })),
        (seed, moniker, s) => {
          const p = { seed, moniker, share: s === null ? null : numberToBytesLE(s, 32) };
          const back = decodePrivateSss(encodePrivateSss(p));
          expect(bytesToHex(back.seed)).toBe(bytesToHex(seed));
          expect(back.moniker).toBe(moniker);
          expect(back.share && bytesToHex(back.share)).toBe(p.share && bytesToHex(p.share));
        },
      ),
      { numRuns: 60 },
    );
    for (const m of [1, 2, 5]) {
      const c = Array.from({ length: m }, (_, i) => point(i * 7));
      expect(decodeSharedSss(encodeSharedSss({ commitment: c })).commitment!.map(bytesToHex)).toEqual(c.map(bytesToHex));
    }
  });

  it('refuses other versions, every truncation, trailing bytes, bad flags, unreduced shares and bad points', async () => {
    const priv = encodePrivateSss({ seed: randomBytes(32), moniker: 'alice', share: numberToBytesLE(5n, 32) });
    const shared = encodeSharedSss({ commitment: [point(0), point(1)] });
    for (let n = 0; n < priv.length; n++) await expectCode(() => decodePrivateSss(priv.slice(0, n)), 'group/sss-truncated');
    for (let n = 0; n < shared.length; n++) await expectCode(() => decodeSharedSss(shared.slice(0, n)), 'group/sss-truncated');
    await expectCode(() => decodePrivateSss(concatBytes(priv, Uint8Array.of(0))), 'group/sss-malformed');
    await expectCode(() => decodeSharedSss(concatBytes(shared, Uint8Array.of(0))), 'group/sss-malformed');
    const v2 = priv.slice();
    v2[0] = 2;
    await expectCode(() => decodePrivateSss(v2), 'group/sss-unsupported-version');
    const badFlag = priv.slice();
    badFlag[4 + 32 + 8 + 5] = 3;
    await expectCode(() => decodePrivateSss(badFlag), 'group/sss-malformed');
    const unreduced = concatBytes(priv.slice(0, priv.length - 32), numberToBytesLE(L, 32));
    await expectCode(() => decodePrivateSss(unreduced), 'group/sss-malformed');
    const badPoint = shared.slice();
    badPoint.fill(0xff, 13, 45);
    await expectCode(() => decodeSharedSss(badPoint), 'group/sss-malformed');
    const huge = shared.slice();
    huge[5 + 7] = 0x80;
    await expectCode(() => decodeSharedSss(huge), 'group/sss-malformed');
    // A Node Buffer that is a view into a larger pool reads the same as a plain array.
    const pooled = Buffer.concat([Buffer.from('junk'), Buffer.from(priv)]).subarray(4);
    expect(decodePrivateSss(pooled).moniker).toBe('alice');
  });
});

/**
 * sss-tool's `sign`, written from the description in trust-server.md §2.6 (not from its code):
 * R = Σ rᵢ·B, e = SHA-512(R ‖ Y ‖ msg) mod ℓ, zᵢ = rᵢ + λᵢ(0)·sᵢ·e, where Y is C₀ of shared.sss,
 * λ is over the signers' moniker points, and the quorum must be exactly M.
 */
function trustServerSign(states: TrustServerState[], message: Uint8Array): Uint8Array {
  const m = states[0]!.threshold;
  if (states.length !== m) throw new Error(`incorrect quorum actual=${states.length}, expected=${m}`);
  const Fn = S.Fn;
  const nonces = states.map(() => Fn.create(bytesToNumberLE(randomBytes(64))));
  const R = nonces.reduce((acc, r) => acc.add(S.base.multiply(r)), S.zero);
  const Rb = S.elementToBytes(R);
  const e = Fn.create(bytesToNumberLE(sha512(concatBytes(Rb, hexToBytes(states[0]!.groupKey), message))));
  const xs = states.map((s) => monikerX(s.moniker));
  let z = 0n;
  states.forEach((s, i) => {
    let num = 1n;
    let den = 1n;
    xs.forEach((xk, k) => {
      if (k === i) return;
      num = Fn.mul(num, Fn.neg(xk));
      den = Fn.mul(den, Fn.sub(xs[i]!, xk));
    });
    const lambda = Fn.div(num, den);
    z = Fn.add(z, Fn.add(nonces[i]!, Fn.mul(Fn.mul(lambda, bytesToNumberLE(s.share)), e)));
  });
  return concatBytes(Rb, numberToBytesLE(z, 32));
}

describe('exported state works with the trust-server signing scheme', () => {
  it('genesis + join: files round-trip, public_key.txt is the group key, and M operators sign from their files', async () => {
    const ops = ['alice', 'bob', 'carol', 'dave'].map(makeOperator);
    let { group } = runGenesis(ops, 3);
    group = { ...group, members: group.members.map((m, i) => ({ ...m, url: i === 1 ? null : m.url })) };
    const newbie = makeOperator('newbie');
    group = runJoin(group, ops, newbie, ['alice', 'bob', 'carol']);
    const pub = publicTrustServerFiles(group);
    expect(pub.publicKeyTxt).toMatch(/^[0-9a-f]{64}\n$/);
    expect(parsePublicKeyTxt(pub.publicKeyTxt)).toBe(group.groupKey);
    expect(parsePeersList(pub.peersListTxt)).toEqual(['https://alice.example/', 'https://carol.example/', 'https://dave.example/']);
    const states = new Map<string, TrustServerState>();
    for (const o of [...ops, newbie]) {
      const seed = randomBytes(32);
      const priv = privateSssFor(group, o.moniker, o.share!, seed);
      const back = decodePrivateSss(priv);
      expect(back.moniker).toBe(o.moniker);
      expect(bytesToHex(back.share!)).toBe(bytesToHex(o.share!));
      expect(bytesToHex(encodePrivateSss(back))).toBe(bytesToHex(priv));
      expect(bytesToHex(encodeSharedSss(decodeSharedSss(pub.sharedSss)))).toBe(bytesToHex(pub.sharedSss));
      const st = readTrustServerState(priv, pub.sharedSss);
      expect(st.groupKey).toBe(group.groupKey);
      expect(st.threshold).toBe(3);
      states.set(o.moniker, st);
    }
    const msg = utf8ToBytes('{"alg":"EdDSA","typ":"JWT"}.payload');
    const sig = trustServerSign([states.get('newbie')!, states.get('bob')!, states.get('dave')!], msg);
    expect(ed25519.verify(sig, msg, hexToBytes(group.groupKey), { zip215: false })).toBe(true);
    // A share that does not fit is refused, on export and on read.
    await expectCode(() => privateSssFor(group, 'alice', ops[1]!.share!, randomBytes(32)), 'group/share-mismatch');
    const wrong = encodePrivateSss({ seed: randomBytes(32), moniker: 'alice', share: ops[1]!.share! });
    await expectCode(() => readTrustServerState(wrong, pub.sharedSss), 'group/sss-inconsistent');
    await expectCode(
      () => readTrustServerState(encodePrivateSss({ seed: randomBytes(32), moniker: 'x', share: null }), pub.sharedSss),
      'group/sss-no-share',
    );
  });

  it('public_key.txt and peers_list.txt follow the published formats', async () => {
    expect(parsePeersList('# servers\nhttps://a.example/\n\n  https://b.example/api \n')).toEqual([
      'https://a.example/',
      'https://b.example/api',
    ]);
    expect(formatPeersList(['https://a.example/', 'https://a.example/', 'http://b.example'])).toBe(
      'https://a.example/\nhttp://b.example\n',
    );
    await expectCode(() => formatPeersList(['ftp://a.example/']), 'group/bad-peer-url');
    await expectCode(() => formatPeersList(['https://user:pw@a.example/']), 'group/bad-peer-url');
    await expectCode(() => parsePublicKeyTxt('abc\n'), 'group/bad-public-key-file');
    expect(parsePublicKeyTxt('AB'.repeat(32))).toBe('ab'.repeat(32));
  });
});
