import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sectionHashes, statementBytes, type RecordBody, type RecordSignature, type RecordStatement } from './format.ts';

/** What a participant adds to the record besides the body: only they can say it. */
export type SignerPart = Omit<RecordStatement, 'sections' | 'publicKey'>;

/**
 * Signs a record body as one participant. `sign` is the engine's record signer (the bundle
 * identity in the vault, under the record domain): the key never leaves main.
 */
export async function signRecord(
  body: RecordBody,
  part: SignerPart,
  sign: (statement: RecordStatement) => Promise<{ publicKey: string; signature: string }>,
  publicKey: string,
): Promise<RecordSignature> {
  const statement: RecordStatement = { ...part, publicKey, sections: sectionHashes(body) };
  const { publicKey: signedWith, signature } = await sign(statement);
  if (signedWith !== publicKey) throw new Error('the record was signed with another key than the ceremony identity');
  return { ...statement, signature };
}

/** Whether an entry's signature verifies over its own statement (not yet whether it fits a record). */
export function signatureValid(entry: RecordSignature): boolean {
  const { signature, ...statement } = entry;
  try {
    return ed25519.verify(hexToBytes(signature), utf8ToBytes(statementBytes(statement)), hexToBytes(entry.publicKey));
  } catch {
    return false;
  }
}

/** Signs a statement with a raw Ed25519 secret key: the engine's side of `signRecord` (and tests'). */
export function signStatementWith(secretKey: Uint8Array, statement: RecordStatement): { publicKey: string; signature: string } {
  return {
    publicKey: bytesToHex(ed25519.getPublicKey(secretKey)),
    signature: bytesToHex(ed25519.sign(utf8ToBytes(statementBytes(statement)), secretKey)),
  };
}
