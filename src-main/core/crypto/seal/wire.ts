import { bcs, type BcsType } from '@mysten/bcs';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { CeremonyError } from '../../errors.ts';
import { ADDRESS_BYTES, G1_BYTES, G2_BYTES, MESSAGE_SIGNATURE_DOMAIN, SCALAR_BYTES, SIGNATURE_BYTES } from './constants.ts';
import { R } from './field.ts';

/**
 * BCS layouts of every fastcrypto dkg_v1 / ecies_v1 / seal-committee-cli type, with points and
 * scalars kept as raw bytes. Structural parsing is cheap and strict (exact lengths, canonical
 * ULEB128, no trailing bytes, canonical scalars, the zero checks fastcrypto's deserializers make);
 * decompressing points is the expensive part and happens later, possibly in a worker.
 *
 * Upstream layouts (fastcrypto rev 5f87e04, seal v0.6.10):
 *   Message           = sender u16 LE ‖ vss_pk Vec<G2> ‖ encrypted_shares MultiRecipientEncryption<EG>
 *   MultiRecipientEnc = c EG ‖ c_hat EG ‖ encs Vec<Vec<u8>> ‖ proof DdhTupleNizk<EG>
 *   DdhTupleNizk      = (A EG, B EG, z Scalar);  DLNizk = (A G, z Scalar)
 *   SignedMessage     = message ‖ signature [48] ‖ nizk_proof DLNizk<G2>
 *   RecoveryPackage   = ephemeral_key EG ‖ proof DdhTupleNizk<EG>;  Complaint = accused u16 ‖ RecoveryPackage
 *   MessageSignaturePayload = domain String ‖ committee_id [32] ‖ message ‖ nizk_proof
 * Seal uses EG = G1 (48 bytes); the upstream regression vectors use EG = G2 (96 bytes).
 */

export interface DdhTupleNizkWire {
  a: Uint8Array;
  b: Uint8Array;
  z: Uint8Array;
}
export interface DlNizkWire {
  a: Uint8Array;
  z: Uint8Array;
}
export interface MultiRecipientEncryptionWire {
  c: Uint8Array;
  cHat: Uint8Array;
  encs: Uint8Array[];
  proof: DdhTupleNizkWire;
}
export interface MessageWire {
  sender: number;
  vssPk: Uint8Array[];
  encryptedShares: MultiRecipientEncryptionWire;
}
export interface SignedMessageWire {
  message: MessageWire;
  signature: Uint8Array;
  nizkProof: DlNizkWire;
}
export interface RecoveryPackageWire {
  ephemeralKey: Uint8Array;
  proof: DdhTupleNizkWire;
}
export interface ComplaintWire {
  accusedSender: number;
  proof: RecoveryPackageWire;
}

function layouts(egBytes: number) {
  const EG = bcs.bytes(egBytes);
  const G = bcs.bytes(G2_BYTES);
  const Scalar = bcs.bytes(SCALAR_BYTES);
  const DdhTupleNizk = bcs.tuple([EG, EG, Scalar]).transform({
    input: (v: DdhTupleNizkWire) => [v.a, v.b, v.z] as const,
    output: ([a, b, z]): DdhTupleNizkWire => ({ a, b, z }),
  });
  const DlNizk = bcs.tuple([G, Scalar]).transform({
    input: (v: DlNizkWire) => [v.a, v.z] as const,
    output: ([a, z]): DlNizkWire => ({ a, z }),
  });
  const MultiRecipientEncryption = bcs
    .struct('MultiRecipientEncryption', { c: EG, c_hat: EG, encs: bcs.vector(bcs.byteVector()), proof: DdhTupleNizk })
    .transform({
      input: (v: MultiRecipientEncryptionWire) => ({ c: v.c, c_hat: v.cHat, encs: v.encs, proof: v.proof }),
      output: (v): MultiRecipientEncryptionWire => ({ c: v.c, cHat: v.c_hat, encs: v.encs, proof: v.proof }),
    });
  const Message = bcs
    .struct('Message', { sender: bcs.u16(), vss_pk: bcs.vector(G), encrypted_shares: MultiRecipientEncryption })
    .transform({
      input: (v: MessageWire) => ({ sender: v.sender, vss_pk: v.vssPk, encrypted_shares: v.encryptedShares }),
      output: (v): MessageWire => ({ sender: v.sender, vssPk: v.vss_pk, encryptedShares: v.encrypted_shares }),
    });
  const SignedMessage = bcs
    .struct('SignedMessage', { message: Message, signature: bcs.bytes(SIGNATURE_BYTES), nizk_proof: DlNizk })
    .transform({
      input: (v: SignedMessageWire) => ({ message: v.message, signature: v.signature, nizk_proof: v.nizkProof }),
      output: (v): SignedMessageWire => ({ message: v.message, signature: v.signature, nizkProof: v.nizk_proof }),
    });
  const RecoveryPackage = bcs.struct('RecoveryPackage', { ephemeral_key: EG, proof: DdhTupleNizk }).transform({
    input: (v: RecoveryPackageWire) => ({ ephemeral_key: v.ephemeralKey, proof: v.proof }),
    output: (v): RecoveryPackageWire => ({ ephemeralKey: v.ephemeral_key, proof: v.proof }),
  });
  const Complaint = bcs.struct('Complaint', { accused_sender: bcs.u16(), proof: RecoveryPackage }).transform({
    input: (v: ComplaintWire) => ({ accused_sender: v.accusedSender, proof: v.proof }),
    output: (v): ComplaintWire => ({ accusedSender: v.accused_sender, proof: v.proof }),
  });
  const Confirmation = bcs.struct('Confirmation', { sender: bcs.u16(), complaints: bcs.vector(Complaint) });
  const MessageSignaturePayload = bcs.struct('MessageSignaturePayload', {
    domain: bcs.string(),
    committee_id: bcs.bytes(ADDRESS_BYTES),
    message: Message,
    nizk_proof: DlNizk,
  });
  return {
    DdhTupleNizk,
    DlNizk,
    MultiRecipientEncryption,
    Message,
    SignedMessage,
    RecoveryPackage,
    Complaint,
    Confirmation,
    MessageSignaturePayload,
    ScalarVec: bcs.vector(Scalar),
  };
}

/** Seal's layouts (ECIES over G1). */
export const SealBcs = layouts(G1_BYTES);
/** The same layouts with ECIES over G2, as in fastcrypto's own regression tests. */
export const G2EciesBcs = layouts(G2_BYTES);
export type DkgBcs = typeof SealBcs;

export function malformed(what: string, reason: string, details: Record<string, string | number> = {}): CeremonyError {
  return new CeremonyError('seal/malformed', `The ${what} is malformed: ${reason}.`, { what, reason, ...details });
}

/**
 * Parses exactly one value as `bcs::from_bytes` does: the input must be consumed completely and
 * be the canonical encoding. Checked by re-serializing, which also catches any leniency of the
 * reader. The input is copied first so a read past its end cannot reach into a shared buffer.
 */
export function parseExact<T, I>(type: BcsType<T, I>, bytes: Uint8Array, what: string): T {
  const own = bytes.slice();
  let value: T;
  try {
    value = type.parse(own);
  } catch (e) {
    throw malformed(what, e instanceof RangeError ? 'it ends too early' : (e as Error).message);
  }
  const again = type.serialize(value as unknown as I).toBytes();
  if (again.length !== own.length || !again.every((b, i) => b === own[i])) {
    throw malformed(what, again.length < own.length ? `${own.length - again.length} trailing bytes` : 'non-canonical encoding');
  }
  return value;
}

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);
/** Compressed identity: 0xc0 then zeros. */
export function isIdentityEncoding(b: Uint8Array): boolean {
  return b[0] === 0xc0 && b.subarray(1).every((x) => x === 0);
}
function checkScalar(b: Uint8Array, what: string): void {
  if (bytesToNumberBE(b) >= R) throw malformed(what, 'a scalar is not canonical (not below the group order)');
}
/** fastcrypto's `Deserialize` for DdhTupleNizk rejects identity points and a zero response. */
export function checkDdhNizkWire(p: DdhTupleNizkWire, what: string): void {
  checkScalar(p.z, what);
  if (isIdentityEncoding(p.a) || isIdentityEncoding(p.b) || isZero(p.z))
    throw malformed(what, 'the DDH proof has an identity element or a zero response');
}
export function checkDlNizkWire(p: DlNizkWire, what: string): void {
  checkScalar(p.z, what);
  if (isIdentityEncoding(p.a) || isZero(p.z)) throw malformed(what, 'the proof of knowledge has an identity element or a zero response');
}

export interface ParsedSignedMessage {
  wire: SignedMessageWire;
  /** The original bytes (also the canonical re-serialization, since parsing is strict). */
  bytes: Uint8Array;
  /** bcs(Message): the part of the signature payload after the committee id. */
  messageBytes: Uint8Array;
  /** bcs(DLNizk): the last part of the signature payload. */
  nizkBytes: Uint8Array;
}

/** Structural parse of bcs(SignedMessage); point validity is checked later by `decodeSignedMessage`. */
export function parseSignedMessage(bytes: Uint8Array, what = 'DKG message', bcsTypes: DkgBcs = SealBcs): ParsedSignedMessage {
  const wire = parseExact(bcsTypes.SignedMessage, bytes, what);
  checkDdhNizkWire(wire.message.encryptedShares.proof, what);
  checkDlNizkWire(wire.nizkProof, what);
  const own = bytes.slice();
  const messageEnd = bcsTypes.Message.serialize(wire.message).toBytes().length;
  return {
    wire,
    bytes: own,
    messageBytes: own.subarray(0, messageEnd),
    nizkBytes: own.subarray(messageEnd + SIGNATURE_BYTES),
  };
}

const DOMAIN_BCS = bcs.string().serialize(MESSAGE_SIGNATURE_DOMAIN).toBytes();

/**
 * bcs(MessageSignaturePayload {domain, committee_id, message, nizk_proof}) built from the already
 * serialized parts (BCS is canonical, so this equals serializing the struct).
 */
export function signaturePayload(committeeId: Uint8Array, messageBytes: Uint8Array, nizkBytes: Uint8Array): Uint8Array {
  if (committeeId.length !== ADDRESS_BYTES) throw new Error('committee id must be 32 bytes');
  const out = new Uint8Array(DOMAIN_BCS.length + ADDRESS_BYTES + messageBytes.length + nizkBytes.length);
  let off = 0;
  for (const part of [DOMAIN_BCS, committeeId, messageBytes, nizkBytes]) {
    out.set(part, off);
    off += part.length;
  }
  return out;
}

/** BCS ULEB128 length prefix. */
export function uleb128(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return Uint8Array.from(out);
}
