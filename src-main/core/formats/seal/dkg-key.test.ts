import { describe, expect, it } from 'vitest';
import { generateDkgKeys } from '../../crypto/seal/keys.ts';
import { seededRandom } from '../../crypto/seal/simulation.ts';
import { parseDkgKeyFile, serializeDkgKeyFile } from './dkg-key.ts';

describe('dkg.key', () => {
  const keys = generateDkgKeys(seededRandom('dkg-key'));

  it('round-trips in the Rust CLI layout', () => {
    const text = serializeDkgKeyFile(keys);
    expect(text).toMatch(
      /^\{\n {2}"enc_sk": "0x[0-9a-f]{64}",\n {2}"enc_pk": "0x[0-9a-f]{96}",\n {2}"signing_sk": "0x[0-9a-f]{64}",\n {2}"signing_pk": "0x[0-9a-f]{192}"\n\}$/,
    );
    expect(parseDkgKeyFile(text)).toEqual(keys);
  });

  it('rejects mismatched or malformed keys naming the field', () => {
    const other = generateDkgKeys(seededRandom('other'));
    expect(() => parseDkgKeyFile(serializeDkgKeyFile({ ...keys, encPk: other.encPk }))).toThrow(/enc_pk does not belong/);
    expect(() => parseDkgKeyFile(serializeDkgKeyFile({ ...keys, signingPk: other.signingPk }))).toThrow(/signing_pk does not belong/);
    expect(() => parseDkgKeyFile('{"enc_sk": "0x12"}')).toThrow(/enc_sk must be 32 bytes/);
  });
});
