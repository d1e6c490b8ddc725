import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { decodeSigningSecretKey, signingPublicKey } from '../../crypto/seal/bls-signature.ts';
import { scalarFromBytes, scalarToBytes } from '../../crypto/seal/field.ts';
import { G1, mulBase } from '../../crypto/seal/groups.ts';
import type { DkgMemberKeys } from '../../crypto/seal/keys.ts';

/**
 * seal-committee-cli's dkg.key (types.rs KeysFile): JSON with enc_sk, enc_pk, signing_sk and
 * signing_pk, each 0x-hex of the BCS bytes (32, 48, 32 and 96 bytes), pretty-printed by
 * serde_json. SECRET: the caller writes it with mode 0600 (or keeps it in the vault).
 */
const FIELDS = ['enc_sk', 'enc_pk', 'signing_sk', 'signing_pk'] as const;

export function serializeDkgKeyFile(k: DkgMemberKeys): string {
  const values = [scalarToBytes(k.encSk), k.encPk, scalarToBytes(k.signingSk), k.signingPk];
  return `{\n${FIELDS.map((f, i) => `  "${f}": "0x${bytesToHex(values[i]!)}"`).join(',\n')}\n}`;
}

/** Parses dkg.key and checks that both public keys belong to the secret keys. */
export function parseDkgKeyFile(text: string, what = 'dkg.key'): DkgMemberKeys {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CeremonyError('seal/dkg-key-invalid', `${what} is not valid JSON.`, { file: what });
  }
  const bytes = (f: (typeof FIELDS)[number], len: number) => {
    const v = json[f];
    const h = typeof v === 'string' ? v.replace(/^0x/i, '') : '';
    if (!/^[0-9a-fA-F]*$/.test(h) || h.length !== 2 * len) {
      throw new CeremonyError('seal/dkg-key-invalid', `${what}: ${f} must be ${len} bytes of hex.`, { file: what, key: f });
    }
    return hexToBytes(h);
  };
  const encSk = scalarFromBytes(bytes('enc_sk', 32), 'enc_sk');
  const encPk = bytes('enc_pk', 48);
  const signingSk = decodeSigningSecretKey(bytes('signing_sk', 32));
  const signingPk = bytes('signing_pk', 96);
  if (bytesToHex(G1.encode(mulBase(G1, encSk))) !== bytesToHex(encPk)) {
    throw new CeremonyError('seal/dkg-key-invalid', `${what}: enc_pk does not belong to enc_sk.`, { file: what, key: 'enc_pk' });
  }
  if (bytesToHex(signingPublicKey(signingSk)) !== bytesToHex(signingPk)) {
    throw new CeremonyError('seal/dkg-key-invalid', `${what}: signing_pk does not belong to signing_sk.`, {
      file: what,
      key: 'signing_pk',
    });
  }
  return { encSk, encPk, signingSk, signingPk };
}
