import { CeremonyError } from '../../errors.ts';
import { SealTxFile } from '../../../../src-shared/ceremonies/seal.ts';

/**
 * `tx-<purpose>.json`: a prepared, unsigned transaction for signing elsewhere.
 *
 *   { "txBytes": "<base64 TransactionData>", "digest": "<base58>", "sender": "0x…",
 *     "purpose": "register", "network": "…", "description": ["…"] }
 *
 * `sui keytool sign --address <sender> --data <txBytes>` signs it; its printed JSON (or just the
 * `suiSignature` value) goes back through `submit-signature`.
 */
export function serializeTxFile(tx: SealTxFile): string {
  const ordered: SealTxFile = { txBytes: tx.txBytes, digest: tx.digest, sender: tx.sender };
  if (tx.purpose) ordered.purpose = tx.purpose;
  if (tx.network) ordered.network = tx.network;
  if (tx.description) ordered.description = tx.description;
  return JSON.stringify(ordered, null, 2) + '\n';
}

export function parseTxFile(text: string, what = 'transaction file'): SealTxFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CeremonyError('seal/tx-file-invalid', `The ${what} is not JSON; expected the tx-<step>.json the app exported.`, { what });
  }
  const r = SealTxFile.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CeremonyError(
      'seal/tx-file-invalid',
      `The ${what} is not a transaction file (${i.path.join('.') || 'content'}: ${i.message}).`,
      { what },
    );
  }
  return r.data;
}
