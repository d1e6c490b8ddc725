import { CeremonyError } from '../../errors.ts';

/**
 * message_<P>.json as seal-committee-cli (>= v0.6.2) writes it: serde_json pretty printing of
 * {"message": "<hex of bcs(SignedMessage)>"}, no 0x, no trailing newline. Readers accept an
 * optional 0x, as fastcrypto's Hex::decode.
 */
export function messageFileName(partyId: number): string {
  return `message_${partyId}.json`;
}

export function encodeMessageJson(signedMessage: Uint8Array): string {
  // Node's native hex (a member stores 256 of these at once, 130 kB of hex each at n = 256).
  const hex = Buffer.from(signedMessage.buffer, signedMessage.byteOffset, signedMessage.byteLength).toString('hex');
  return `{\n  "message": "${hex}"\n}`;
}

export function decodeMessageJson(text: string, what = 'message file'): Uint8Array {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CeremonyError('seal/message-file-invalid', `The ${what} is not valid JSON.`, { what });
  }
  const value = json !== null && typeof json === 'object' ? (json as Record<string, unknown>).message : undefined;
  if (typeof value !== 'string') {
    throw new CeremonyError('seal/message-file-invalid', `The ${what} has no string "message" field.`, { what });
  }
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    const looksBase64 = /^[A-Za-z0-9+/]+={0,2}$/.test(value);
    throw new CeremonyError(
      'seal/message-file-invalid',
      looksBase64
        ? `The ${what} holds Base64, the format of seal-committee-cli before v0.6.2; ask its author to re-create it with v0.6.8 or later.`
        : `The ${what} "message" field is not hex.`,
      { what, legacyBase64: looksBase64 },
    );
  }
  // Node's native hex decoder (input checked above): a 256-member message is about 130 kB of hex.
  // Copied out of the Buffer so small results do not share (and carry along) Node's buffer pool.
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
