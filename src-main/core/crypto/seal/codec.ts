import { scalarFromBytes, scalarToBytes } from './field.ts';
import { type AnyPoint, G2, type G2Point, type Group } from './groups.ts';
import type { MultiRecipientEncryption, RecoveryPackage } from './ecies.ts';
import type { DdhTupleNizk, DlNizk } from './nizk.ts';
import type {
  ComplaintWire,
  DdhTupleNizkWire,
  DlNizkWire,
  MessageWire,
  MultiRecipientEncryptionWire,
  RecoveryPackageWire,
} from './wire.ts';

/** Conversions between the byte-level wire structs and structs of validated points. */

export function decodeDdhNizk<Pt extends AnyPoint>(g: Group<Pt>, w: DdhTupleNizkWire, what: string): DdhTupleNizk<Pt> {
  return { a: g.decode(w.a, `${what} (proof A)`), b: g.decode(w.b, `${what} (proof B)`), z: scalarFromBytes(w.z, `${what} (proof z)`) };
}
export function encodeDdhNizk<Pt extends AnyPoint>(g: Group<Pt>, p: DdhTupleNizk<Pt>): DdhTupleNizkWire {
  return { a: g.encode(p.a), b: g.encode(p.b), z: scalarToBytes(p.z) };
}

export function decodeDlNizk(w: DlNizkWire, what: string): DlNizk<G2Point> {
  return { a: G2.decode(w.a, `${what} (proof A)`), z: scalarFromBytes(w.z, `${what} (proof z)`) };
}
export function encodeDlNizk(p: DlNizk<G2Point>): DlNizkWire {
  return { a: G2.encode(p.a), z: scalarToBytes(p.z) };
}

export function decodeMultiRecipient<Pt extends AnyPoint>(
  g: Group<Pt>,
  w: MultiRecipientEncryptionWire,
  what: string,
): MultiRecipientEncryption<Pt> {
  return {
    c: g.decode(w.c, `${what} (ephemeral key c)`),
    cHat: g.decode(w.cHat, `${what} (c_hat)`),
    encs: w.encs,
    proof: decodeDdhNizk(g, w.proof, what),
  };
}
export function encodeMultiRecipient<Pt extends AnyPoint>(g: Group<Pt>, e: MultiRecipientEncryption<Pt>): MultiRecipientEncryptionWire {
  return { c: g.encode(e.c), cHat: g.encode(e.cHat), encs: e.encs, proof: encodeDdhNizk(g, e.proof) };
}

export function decodeRecoveryPackage<Pt extends AnyPoint>(g: Group<Pt>, w: RecoveryPackageWire, what: string): RecoveryPackage<Pt> {
  return { ephemeralKey: g.decode(w.ephemeralKey, `${what} (ephemeral key)`), proof: decodeDdhNizk(g, w.proof, what) };
}
export function encodeRecoveryPackage<Pt extends AnyPoint>(g: Group<Pt>, p: RecoveryPackage<Pt>): RecoveryPackageWire {
  return { ephemeralKey: g.encode(p.ephemeralKey), proof: encodeDdhNizk(g, p.proof) };
}

export interface DkgMessage<Pt extends AnyPoint> {
  sender: number;
  vssPk: G2Point[];
  encryptedShares: MultiRecipientEncryption<Pt>;
}

export function decodeMessage<Pt extends AnyPoint>(g: Group<Pt>, w: MessageWire, what: string): DkgMessage<Pt> {
  return {
    sender: w.sender,
    vssPk: w.vssPk.map((b, k) => G2.decode(b, `${what} (commitment ${k})`)),
    encryptedShares: decodeMultiRecipient(g, w.encryptedShares, what),
  };
}

export function complaintWire<Pt extends AnyPoint>(g: Group<Pt>, accusedSender: number, pkg: RecoveryPackage<Pt>): ComplaintWire {
  return { accusedSender, proof: encodeRecoveryPackage(g, pkg) };
}
