import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readVector, readVectorJson, vectorPath } from '../../testing/vectors.ts';
import { normalizeIdentifier } from '../../crypto/frost/identifier.ts';
import { ALL_FROST_SUITES, type FrostSuite } from '../../crypto/frost/suites.ts';
import type { FrostKind, FrostKindMap } from '../../crypto/frost/types.ts';
import { decodeFrostJson, encodeFrostJson, encodeFrostJsonText } from './frost-json.ts';
import { decodeFrostPostcard, encodeFrostPostcard } from './frost-postcard.ts';
import type { FrostLayout } from './layout.ts';

interface Samples {
  identifier: string;
  proof_of_knowledge: string;
  element1: string;
  element2: string;
  scalar1: string;
}

/** The structures frost-core's tests/helpers/samples.rs builds, from samples.json. */
function samples(suite: FrostSuite): { [name: string]: { kind: FrostKind; layout?: FrostLayout; value: FrostKindMap[FrostKind] } } {
  const s = readVectorJson<Samples>('frost', suite.name, 'samples.json');
  const id = normalizeIdentifier(suite, s.identifier);
  const [e1, e2, x1, pok] = [s.element1, s.element2, s.scalar1, s.proof_of_knowledge].map(hexToBytes) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const sc = { suite: suite.id, hiding: e1, binding: e2 };
  const nonceCommitment = suite.elementToBytes(suite.base.multiply(suite.scalarFromBytes(x1, 'scalar1')));
  const id42 = suite.id;
  return {
    key_package: {
      kind: 'KeyPackage',
      value: { suite: id42, identifier: id, signingShare: x1, verifyingShare: e1, verifyingKey: e1, minSigners: 2 },
    },
    public_key_package: {
      kind: 'PublicKeyPackage',
      layout: '2.x',
      value: { suite: id42, verifyingShares: { [id]: e1 }, verifyingKey: e1, minSigners: 2 },
    },
    public_key_package_new: {
      kind: 'PublicKeyPackage',
      layout: '3.0',
      value: { suite: id42, verifyingShares: { [id]: e1 }, verifyingKey: e1, minSigners: 2 },
    },
    secret_share: { kind: 'SecretShare', value: { suite: id42, identifier: id, signingShare: x1, commitment: [e1] } },
    round1_package: { kind: 'Round1Package', value: { suite: id42, commitment: [e1], proofOfKnowledge: pok } },
    round1_secret_package: {
      kind: 'Round1SecretPackage',
      value: { suite: id42, identifier: id, coefficients: [x1, x1], commitment: [e1], minSigners: 2, maxSigners: 3 },
    },
    round2_package: { kind: 'Round2Package', value: { suite: id42, signingShare: x1 } },
    round2_secret_package: {
      kind: 'Round2SecretPackage',
      value: { suite: id42, identifier: id, commitment: [e1], secretShare: x1, minSigners: 2, maxSigners: 3 },
    },
    signature_share: { kind: 'SignatureShare', value: { suite: id42, share: x1 } },
    signing_commitments: { kind: 'SigningCommitments', value: sc },
    signing_nonces: {
      kind: 'SigningNonces',
      value: { suite: id42, hiding: x1, binding: x1, commitments: { suite: id42, hiding: nonceCommitment, binding: nonceCommitment } },
    },
    signing_package: {
      kind: 'SigningPackage',
      value: { suite: id42, signingCommitments: { [id]: sc }, message: new TextEncoder().encode('hello world') },
    },
  };
}

function snapshotHex(suite: FrostSuite, name: string): string {
  const text = readVector('frost', suite.name, `serialization_tests__check_${name}_postcard_serialization.snap`);
  return text.trim().split('\n').at(-1)!.trim();
}

describe('frost-core postcard snapshots, byte for byte', () => {
  // frost-core ships no RedPallas vectors (reddsa's tests are randomized); redpallas.test.ts covers it.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    const cases = samples(suite);
    it(`${suite.name}: every snapshot file has a case`, () => {
      const files = readdirSync(vectorPath('frost', suite.name)).filter((f) => f.endsWith('.snap'));
      const names = files.map((f) => f.replace('serialization_tests__check_', '').replace('_postcard_serialization.snap', ''));
      expect(names.sort()).toEqual(Object.keys(cases).sort());
    });
    for (const [name, c] of Object.entries(cases)) {
      it(`${suite.name} ${name}: encode(sample) = snapshot; decode(snapshot) re-encodes identically`, () => {
        const hex = snapshotHex(suite, name);
        expect(bytesToHex(encodeFrostPostcard(c.kind, c.value, { layout: c.layout }))).toBe(hex);
        const decoded = decodeFrostPostcard(c.kind, suite.id, hexToBytes(hex));
        expect(bytesToHex(encodeFrostPostcard(c.kind, decoded, { layout: c.layout }))).toBe(hex);
        if (name !== 'public_key_package') expect(decoded).toEqual(c.value);
      });
    }
  }
});

describe('postcard bad input gets a typed error', () => {
  const suite = ALL_FROST_SUITES[0]!;
  const kp = hexToBytes(snapshotHex(suite, 'key_package'));
  const cases: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(), 'frost/postcard-truncated'],
    ['truncated', kp.slice(0, kp.length - 5), 'frost/postcard-truncated'],
    ['trailing byte', Uint8Array.from([...kp, 0]), 'frost/postcard-trailing-bytes'],
    ['version 1', Uint8Array.from([1, ...kp.slice(1)]), 'frost/format-version'],
    ['other suite', Uint8Array.from([0, 0xa1, 0x32, 0xf0, 0xc9, ...kp.slice(5)]), 'frost/wrong-ciphersuite'],
    ['zero identifier', Uint8Array.from([...kp.slice(0, 5), ...new Uint8Array(32), ...kp.slice(37)]), 'frost/invalid-identifier'],
    ['bad point', Uint8Array.from([...kp.slice(0, 69), ...new Uint8Array(32).fill(0xff), ...kp.slice(101)]), 'frost/invalid-element'],
    ['non-minimal varint', Uint8Array.from([...kp.slice(0, -1), 0x82, 0x00]), 'frost/postcard-malformed'],
    ['random garbage', Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff), 'frost/format-version'],
  ];
  for (const [label, bytes, code] of cases) {
    it(`KeyPackage: ${label} → ${code}`, () => {
      expect(() => decodeFrostPostcard('KeyPackage', suite.id, bytes)).toThrow(expect.objectContaining({ name: 'CeremonyError', code }));
    });
  }

  it('a huge element count cannot make the reader allocate', () => {
    const bad = Uint8Array.from([0, 0xb1, 0x69, 0xf0, 0xda, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => decodeFrostPostcard('Round1Package', suite.id, bad)).toThrow(
      expect.objectContaining({ code: 'frost/postcard-truncated' }),
    );
  });

  it('a duplicated identifier in a map is refused', () => {
    const pkp = hexToBytes(snapshotHex(suite, 'public_key_package'));
    const entry = pkp.slice(6, 6 + 64);
    const doubled = Uint8Array.from([...pkp.slice(0, 5), 2, ...entry, ...entry, ...pkp.slice(6 + 64)]);
    expect(() => decodeFrostPostcard('PublicKeyPackage', suite.id, doubled)).toThrow(
      expect.objectContaining({ code: 'frost/postcard-malformed' }),
    );
  });
});

describe('frost-core serde JSON', () => {
  // No RedPallas snapshots upstream; its JSON and postcard round trips run in config-toml.test.ts.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    it(`${suite.name}: every sample round-trips through JSON text and matches its postcard twin`, () => {
      for (const [name, c] of Object.entries(samples(suite))) {
        const text = encodeFrostJsonText(c.kind, c.value, { layout: c.layout });
        const back = decodeFrostJson(c.kind, suite.id, text);
        expect(bytesToHex(encodeFrostPostcard(c.kind, back, { layout: c.layout })), name).toBe(snapshotHex(suite, name));
      }
    });
  }

  const ed = ALL_FROST_SUITES[0]!;
  const s = readVectorJson<Samples>('frost', 'ed25519', 'samples.json');
  const H = { version: 0, ciphersuite: 'FROST-ED25519-SHA512-v1' };

  it('uses frost-core field names, order and hex, as frost-client sends them', () => {
    const c = samples(ed);
    expect(encodeFrostJsonText('KeyPackage', c.key_package!.value as never)).toBe(
      JSON.stringify({
        header: H,
        identifier: s.identifier,
        signing_share: s.scalar1,
        verifying_share: s.element1,
        verifying_key: s.element1,
        min_signers: 2,
      }),
    );
    expect(encodeFrostJson('Round1Package', c.round1_package!.value as never)).toEqual({
      header: H,
      commitment: [s.element1],
      proof_of_knowledge: s.proof_of_knowledge,
    });
    expect(encodeFrostJson('SigningPackage', c.signing_package!.value as never)).toEqual({
      header: H,
      signing_commitments: { [s.identifier]: { header: H, hiding: s.element1, binding: s.element2 } },
      message: '68656c6c6f20776f726c64',
    });
    expect(encodeFrostJson('SignatureShare', c.signature_share!.value as never)).toEqual({ header: H, share: s.scalar1 });
    // 2.x frost-client refuses min_signers in a PublicKeyPackage; 3.0 writes it.
    expect(encodeFrostJson('PublicKeyPackage', c.public_key_package_new!.value as never, { layout: '2.x' })).toEqual({
      header: H,
      verifying_shares: { [s.identifier]: s.element1 },
      verifying_key: s.element1,
    });
    expect(encodeFrostJson('PublicKeyPackage', c.public_key_package_new!.value as never, { layout: '3.0' })).toMatchObject({
      min_signers: 2,
    });
  });

  it('refuses unknown, missing and invalid fields, other suites and other versions with typed errors', () => {
    const good = { header: H, hiding: s.element1, binding: s.element2 };
    const bad: [unknown, string][] = [
      [{ ...good, extra: 1 }, 'frost/json-malformed'],
      [{ header: H, binding: s.element2 }, 'frost/json-malformed'],
      [{ ...good, header: { version: 0, ciphersuite: 'FROST(Wrong, SHA-512)' } }, 'frost/wrong-ciphersuite'],
      [{ ...good, header: { version: 1, ciphersuite: H.ciphersuite } }, 'frost/format-version'],
      [{ ...good, hiding: '00'.repeat(32) }, 'frost/invalid-element'],
      [{ ...good, hiding: 'xyz' }, 'frost/json-malformed'],
      ['{not json', 'frost/json-malformed'],
    ];
    for (const [value, code] of bad)
      expect(() => decodeFrostJson('SigningCommitments', ed.id, value)).toThrow(expect.objectContaining({ code }));
    expect(decodeFrostJson('SigningCommitments', ed.id, good)).toMatchObject({ suite: ed.id });
    const zeroId = { header: H, identifier: '00'.repeat(32), signing_share: s.scalar1, commitment: [s.element1] };
    expect(() => decodeFrostJson('SecretShare', ed.id, zeroId)).toThrow(expect.objectContaining({ code: 'frost/invalid-identifier' }));
    const pkp3 = { header: H, verifying_shares: { [s.identifier]: s.element1 }, verifying_key: s.element1, min_signers: 2 };
    expect(decodeFrostJson('PublicKeyPackage', ed.id, pkp3).minSigners).toBe(2);
    expect(decodeFrostJson('PublicKeyPackage', ed.id, { ...pkp3, min_signers: null }).minSigners).toBeUndefined();
  });
});
