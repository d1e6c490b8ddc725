/**
 * Offline signing: the online side exports a transaction's unsigned bytes (base64 BCS
 * TransactionData) with their digest; it is signed elsewhere (this app on an air-gapped machine,
 * `sui keytool sign`, a hardware wallet); the signature is imported and checked here against THIS
 * transaction and the expected sender before anything is submitted.
 */
import type { Signer } from '@mysten/sui/cryptography';
import { parseSerializedSignature } from '@mysten/sui/cryptography';
import { bcs } from '@mysten/sui/bcs';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import { publicKeyFromRawBytes } from '@mysten/sui/verify';
import { MultiSigPublicKey } from '@mysten/sui/multisig';
import { CeremonyError } from '../../errors.ts';

/** The unsigned transaction as exported for offline signing. */
export interface UnsignedTransaction {
  /** Base64 of the BCS TransactionData: what `sui keytool sign --data` takes. */
  bytes: string;
  /** Base58 transaction digest, to compare on the signing device. */
  digest: string;
  sender: string;
}

export function unsignedTransaction(bytes: Uint8Array): UnsignedTransaction {
  return { bytes: toBase64(bytes), digest: TransactionDataBuilder.getDigestFromBytes(bytes), sender: senderOf(bytes) };
}

export function senderOf(bytes: Uint8Array): string {
  try {
    return normalizeSuiAddress(bcs.TransactionData.parse(bytes).V1!.sender);
  } catch {
    throw new CeremonyError('offline-signature/not-a-transaction', 'The exported bytes are not a Sui transaction.');
  }
}

/**
 * A signature as pasted or imported: the base64 serialized signature (`flag ‖ sig ‖ pubkey`), or
 * the JSON that `sui keytool sign` prints (its `suiSignature` field).
 */
export function parseSignatureInput(text: string): string {
  const t = text.trim();
  if (t.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(t);
    } catch {
      throw new CeremonyError(
        'offline-signature/malformed',
        'The signature file is neither a base64 signature nor the JSON printed by "sui keytool sign".',
      );
    }
    const sig = (json as { suiSignature?: unknown }).suiSignature;
    if (typeof sig !== 'string')
      throw new CeremonyError(
        'offline-signature/malformed',
        'The JSON holds no "suiSignature" field; import the output of "sui keytool sign".',
      );
    return sig;
  }
  return t;
}

/** Address and public key of whoever made `signature`. */
function signerOf(signature: string) {
  let parsed;
  try {
    parsed = parseSerializedSignature(signature);
  } catch {
    throw new CeremonyError(
      'offline-signature/malformed',
      'This is not a Sui signature (expected base64 of flag, signature and public key).',
    );
  }
  if (parsed.signatureScheme === 'MultiSig') {
    const pk = new MultiSigPublicKey(parsed.multisig.multisig_pk);
    return { address: normalizeSuiAddress(pk.toSuiAddress()), publicKey: pk, serialized: parsed.serializedSignature };
  }
  if (parsed.signatureScheme === 'ZkLogin' || parsed.signatureScheme === 'Passkey') {
    throw new CeremonyError(
      'offline-signature/unsupported',
      `${parsed.signatureScheme} signatures cannot be imported; sign with an Ed25519, secp256k1, secp256r1 or multisig key.`,
    );
  }
  const pk = publicKeyFromRawBytes(parsed.signatureScheme, parsed.publicKey);
  return { address: normalizeSuiAddress(pk.toSuiAddress()), publicKey: pk, serialized: parsed.serializedSignature };
}

/**
 * Checks an imported signature before submission: it must come from the transaction's sender,
 * that sender must be the one expected (e.g. the member's registered address), and it must sign
 * exactly these bytes. Returns the normalized signature.
 */
export async function verifyOfflineSignature(bytes: Uint8Array, signatureText: string, expectedSender?: string): Promise<string> {
  const sender = senderOf(bytes);
  if (expectedSender !== undefined && normalizeSuiAddress(expectedSender) !== sender) {
    throw new CeremonyError(
      'offline-signature/wrong-sender',
      `This transaction is sent by ${sender}, but ${normalizeSuiAddress(expectedSender)} was expected: prepare the transaction again for the right address.`,
      { sender, expected: normalizeSuiAddress(expectedSender) },
    );
  }
  const signature = parseSignatureInput(signatureText);
  const signer = signerOf(signature);
  if (signer.address !== sender) {
    throw new CeremonyError(
      'offline-signature/wrong-signer',
      `The signature was made by ${signer.address}, but this transaction must be signed by its sender ${sender}: sign it with that address's key.`,
      { signer: signer.address, sender },
    );
  }
  if (!(await signer.publicKey.verifyTransaction(bytes, signer.serialized))) {
    const digest = TransactionDataBuilder.getDigestFromBytes(bytes);
    throw new CeremonyError(
      'offline-signature/different-transaction',
      `The signature is for a different transaction: it does not sign the transaction with digest ${digest}. Sign exactly the exported bytes of this transaction and import that signature.`,
      { digest, sender },
    );
  }
  return signature;
}

/** The signing side (e.g. the air-gapped install): signs exported bytes after checking the sender. */
export async function signUnsigned(unsigned: UnsignedTransaction, signer: Signer): Promise<string> {
  const bytes = fromBase64(unsigned.bytes);
  const sender = senderOf(bytes);
  const digest = TransactionDataBuilder.getDigestFromBytes(bytes);
  if (digest !== unsigned.digest) {
    throw new CeremonyError(
      'offline-signature/digest-mismatch',
      `The exported bytes have digest ${digest}, not the announced ${unsigned.digest}: the file was altered or mixed up.`,
    );
  }
  const me = normalizeSuiAddress(signer.toSuiAddress());
  if (me !== sender) {
    throw new CeremonyError(
      'offline-signature/wrong-signer',
      `This transaction must be signed by ${sender}, but the key here belongs to ${me}.`,
      { signer: me, sender },
    );
  }
  return (await signer.signTransaction(bytes)).signature;
}
