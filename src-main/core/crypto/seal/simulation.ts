import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { parseAddress } from './address.ts';
import { sign } from './bls-signature.ts';
import { encodeDlNizk, encodeMultiRecipient } from './codec.ts';
import { createDealerMessage, type DealerInput } from './dealer.ts';
import { encryptMultiRecipient } from './ecies.ts';
import { type RandomSource, scalarToBytes, systemRandom } from './field.ts';
import { G1, G2 } from './groups.ts';
import { createDlNizk } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { commitPolynomial, evalPolynomial, randomPolynomial } from './polynomial.ts';
import { SealBcs, signaturePayload } from './wire.ts';
import { type DkgMemberKeys, generateDkgKeys } from './keys.ts';
import type { SealMemberKeys } from './process-all.ts';

/**
 * Helpers to run a whole committee locally: tests, the benchmark and rehearsals use them.
 * Never for real ceremonies (a seeded source is predictable by design).
 */

/** Deterministic byte source: SHA-256(seed ‖ counter) blocks. */
export function seededRandom(seed: string): RandomSource {
  const s = utf8ToBytes(seed);
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = new Uint8Array(s.length + 4);
      block.set(s, 0);
      new DataView(block.buffer).setUint32(s.length, counter++, false);
      out.set(sha256(block).subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export function generateCommitteeKeys(n: number, rng?: RandomSource): DkgMemberKeys[] {
  return Array.from({ length: n }, () => generateDkgKeys(rng));
}

export function registeredKeys(members: readonly DkgMemberKeys[]): SealMemberKeys[] {
  return members.map((m) => ({ encPk: m.encPk, signingPk: m.signingPk }));
}

/** Every member deals (fresh DKG); returns bcs(SignedMessage) in party order. */
export function dealAll(committeeId: string, threshold: number, members: readonly DkgMemberKeys[], rng?: RandomSource): Uint8Array[] {
  const encryptionPks = members.map((m) => m.encPk);
  return members.map(
    (m, i) =>
      createDealerMessage({ committeeId, threshold, encryptionPks, myPartyId: i, signingSk: m.signingSk, ...(rng ? { rng } : {}) }).bytes,
  );
}

export interface RotationPlan {
  /** New committee threshold. */
  threshold: number;
  /** For each new party: its old party id, or null for a new member. */
  oldIdOfNew: readonly (number | null)[];
}

/**
 * Builds the rotation context and the dealer messages of a rotation: exactly `oldThreshold`
 * continuing members (the first ones unless `dealers` is given) deal with their old share as
 * the constant term.
 */
export function dealRotation(args: {
  newCommitteeId: string;
  plan: RotationPlan;
  newMembers: readonly DkgMemberKeys[];
  oldShares: ReadonlyMap<number, bigint>;
  oldThreshold: number;
  dealers?: readonly number[];
  rng?: RandomSource;
}): { messages: Uint8Array[]; newToOld: Map<number, number>; dealers: number[] } {
  const newToOld = new Map<number, number>();
  args.plan.oldIdOfNew.forEach((o, j) => {
    if (o !== null) newToOld.set(j, o);
  });
  const dealers = args.dealers ? [...args.dealers] : [...newToOld.keys()].slice(0, args.oldThreshold);
  const encryptionPks = args.newMembers.map((m) => m.encPk);
  const messages = dealers.map(
    (j) =>
      createDealerMessage({
        committeeId: args.newCommitteeId,
        threshold: args.plan.threshold,
        encryptionPks,
        myPartyId: j,
        signingSk: args.newMembers[j]!.signingSk,
        oldShare: args.oldShares.get(newToOld.get(j)!)!,
        ...(args.rng ? { rng: args.rng } : {}),
      }).bytes,
  );
  return { messages, newToOld, dealers };
}

/**
 * A cheating dealer (tests inject one into rehearsals): a message signed with the dealer's real
 * key, with a valid proof of knowledge and encryption proof, whose shares for `victims` come from
 * another polynomial than the one it commits to, so only the victims' Feldman checks fail.
 */
export function dealCheating(input: Omit<DealerInput, 'oldShare'> & { victims: readonly number[] }): Uint8Array {
  const rng = input.rng ?? systemRandom;
  const committeeId = parseAddress(input.committeeId, 'committee id');
  const oracles = new DkgOracles(committeeId);
  const me = input.myPartyId;
  const poly = randomPolynomial(input.threshold, rng);
  const other = randomPolynomial(input.threshold, rng, poly[0]);
  const vss = commitPolynomial(poly);
  const recipients = input.encryptionPks.map((pk, j) => {
    const message = new Uint8Array(33);
    message[0] = 1;
    message.set(scalarToBytes(evalPolynomial(input.victims.includes(j) ? other : poly, BigInt(j + 1))), 1);
    return { pk: G1.decode(pk), message };
  });
  const message = {
    sender: me,
    vssPk: vss.map((p) => G2.encode(p)),
    encryptedShares: encodeMultiRecipient(G1, encryptMultiRecipient(G1, recipients, oracles.encryption(me), rng)),
  };
  const nizkProof = encodeDlNizk(createDlNizk(G2, poly[0]!, vss[0]!, oracles.proofOfKnowledge(me), rng));
  const payload = signaturePayload(
    committeeId,
    SealBcs.Message.serialize(message).toBytes(),
    SealBcs.DlNizk.serialize(nizkProof).toBytes(),
  );
  return SealBcs.SignedMessage.serialize({ message, signature: sign(input.signingSk, payload), nizkProof }).toBytes();
}
