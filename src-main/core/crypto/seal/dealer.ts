import { CeremonyError } from '../../errors.ts';
import { parseAddress } from './address.ts';
import { sign } from './bls-signature.ts';
import { encodeDlNizk, encodeMultiRecipient } from './codec.ts';
import { G1_BYTES, MAX_PARTIES } from './constants.ts';
import { encryptMultiRecipient } from './ecies.ts';
import { type RandomSource, scalarToBytes, systemRandom } from './field.ts';
import { G1, G2, mulBase } from './groups.ts';
import { encodeMessageJson, messageFileName } from './message-json.ts';
import { createDlNizk } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { commitPolynomial, evalPolynomial, randomPolynomial } from './polynomial.ts';
import { SealBcs, type SignedMessageWire, signaturePayload } from './wire.ts';

export interface DealerInput {
  /** The (new) committee object id. */
  committeeId: string | Uint8Array;
  /** Threshold t of the committee being created (polynomial degree t−1). */
  threshold: number;
  /** Every member's registered ECIES public key (48-byte G1), in party order. */
  encryptionPks: readonly Uint8Array[];
  myPartyId: number;
  /** BLS min-sig secret key matching the registered DKG_SIGNING_PK. */
  signingSk: bigint;
  /** Rotation only, continuing member: the old MASTER_SHARE becomes the constant term. */
  oldShare?: bigint;
  rng?: RandomSource;
}

export interface DealerOutput {
  /** bcs(SignedMessage). */
  bytes: Uint8Array;
  /** message_<P>.json content, byte-identical to what seal-committee-cli writes. */
  json: string;
  fileName: string;
  /** G2·(constant term): the dealer's public contribution (its old partial key in a rotation). */
  commitmentC0: Uint8Array;
}

/**
 * `create-message`: a random polynomial of degree t−1 (constant term = old share in a rotation),
 * Feldman commitments in G2, every member's share f(j+1) encrypted with multi-recipient ECIES over
 * G1, the proof of knowledge of the constant term, and the min-sig signature over
 * (domain, committee id, message, proof).
 */
export function createDealerMessage(input: DealerInput): DealerOutput {
  const rng = input.rng ?? systemRandom;
  const n = input.encryptionPks.length;
  const t = input.threshold;
  if (n < 1 || n > MAX_PARTIES)
    throw new CeremonyError('seal/bad-committee', `A committee needs 1 to ${MAX_PARTIES} members, got ${n}.`, { members: n });
  if (!Number.isInteger(t) || t < 1 || t > n) {
    throw new CeremonyError('seal/bad-threshold', `The threshold ${t} must be between 1 and the number of members (${n}).`, {
      threshold: t,
      members: n,
    });
  }
  if (!Number.isInteger(input.myPartyId) || input.myPartyId < 0 || input.myPartyId >= n) {
    throw new CeremonyError('seal/bad-party', `Party id ${input.myPartyId} is not a member of this ${n}-member committee.`, {
      partyId: input.myPartyId,
    });
  }
  const committeeId = parseAddress(input.committeeId, 'committee id');
  const oracles = new DkgOracles(committeeId);
  const me = input.myPartyId;

  const poly = randomPolynomial(t, rng, input.oldShare);
  const vss = commitPolynomial(poly);
  const recipients = input.encryptionPks.map((pkBytes, j) => {
    if (pkBytes.length !== G1_BYTES)
      throw new CeremonyError('seal/bad-point', `Member ${j}'s encryption key must be ${G1_BYTES} bytes.`, { partyId: j });
    const share = evalPolynomial(poly, BigInt(j + 1));
    // bcs(Vec<Scalar>) with one share: ULEB 1 then 32 bytes big-endian.
    const message = new Uint8Array(33);
    message[0] = 1;
    message.set(scalarToBytes(share), 1);
    return { pk: G1.decode(pkBytes, `encryption key of member ${j}`), message };
  });
  const encrypted = encryptMultiRecipient(G1, recipients, oracles.encryption(me), rng);
  const nizk = createDlNizk(G2, poly[0]!, vss[0]!, oracles.proofOfKnowledge(me), rng);

  const messageWire = { sender: me, vssPk: vss.map((p) => G2.encode(p)), encryptedShares: encodeMultiRecipient(G1, encrypted) };
  const nizkWire = encodeDlNizk(nizk);
  const messageBytes = SealBcs.Message.serialize(messageWire).toBytes();
  const nizkBytes = SealBcs.DlNizk.serialize(nizkWire).toBytes();
  const signature = sign(input.signingSk, signaturePayload(committeeId, messageBytes, nizkBytes));
  const wire: SignedMessageWire = { message: messageWire, signature, nizkProof: nizkWire };
  const bytes = SealBcs.SignedMessage.serialize(wire).toBytes();
  return { bytes, json: encodeMessageJson(bytes), fileName: messageFileName(me), commitmentC0: messageWire.vssPk[0]! };
}

/** The public key G2·share (a member's partial key; the old partial key for rotation dealers). */
export function publicKeyOfShare(share: bigint): Uint8Array {
  return G2.encode(mulBase(G2, share));
}
