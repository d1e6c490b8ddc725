import { CeremonyError } from '../../errors.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';
import { verifyDecoded } from './bls-signature.ts';
import { decodeDlNizk, decodeMultiRecipient, decodeRecoveryPackage } from './codec.ts';
import { decryptWithSharedPoint, gHat, verifyRecoveryPackage } from './ecies.ts';
import { scalarFromBytes } from './field.ts';
import { evalPointPoly, G1, G2, mulBase } from './groups.ts';
import { verifyDdhNizk, verifyDlNizk } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { checkDdhNizkWire, parseExact, parseSignedMessage, SealBcs, signaturePayload } from './wire.ts';

/**
 * Re-runs, for one dealer message and without any secret, the check that made a member reject
 * it, so that anyone can confirm the dealer cheated: first the dealer's signature (the message
 * is the dealer's own, unchanged), then the failed check itself. A bad share is shown with
 * upstream's complaint (fastcrypto dkg_v1 `check_complaint_proof`): the accuser's recovery
 * package proves, against the accuser's registered encryption key, the one shared point that
 * decrypts the accuser's share, and the share then fails to decode or the Feldman check.
 */

/** The checks a signed message can be shown to fail from public data (plus a complaint). */
export const PROVABLE_CHECKS = ['proof-of-knowledge', 'sanity', 'decryption', 'feldman'] as const;
export type ProvableCheck = (typeof PROVABLE_CHECKS)[number];

export function isProvableCheck(check: unknown): check is ProvableCheck {
  return (PROVABLE_CHECKS as readonly unknown[]).includes(check);
}

export interface RecheckInput {
  committeeId: Uint8Array;
  threshold: number;
  /** Number of members of the committee (one encrypted share each). */
  parties: number;
  accused: number;
  /** The accused's registered BLS signing key (96-byte G2). */
  accusedSigningPk: Uint8Array;
  /** bcs(SignedMessage) as the accused sent it. */
  message: Uint8Array;
  check: ProvableCheck;
  /** For 'decryption' and 'feldman': the accuser, its registered ECIES key (48-byte G1) and bcs(Complaint). */
  complaint: { accuser: number; accuserEncPk: Uint8Array; bytes: Uint8Array } | null;
}

/**
 * `shown`: the message is the accused's and fails the check (`what` says how). Otherwise `part`
 * names what is wrong with the evidence and `reason` says it in words.
 */
export type RecheckOutcome =
  { shown: true; what: string } | { shown: false; part: 'message' | 'accused' | 'signature' | 'complaint' | 'check'; reason: string };

function refuse(part: Exclude<RecheckOutcome, { shown: true }>['part'], reason: string): RecheckOutcome {
  return { shown: false, part, reason };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function recheckDealerMessage(a: RecheckInput): Promise<RecheckOutcome> {
  await prepareBlsBackend();
  let parsed;
  try {
    parsed = parseSignedMessage(a.message, "accused party's DKG message");
  } catch (e) {
    return refuse('message', `the accused party's message does not decode (${messageOf(e)})`);
  }
  const w = parsed.wire;
  if (w.message.sender !== a.accused) {
    return refuse('accused', `the message says it comes from party ${w.message.sender}, not from the accused party ${a.accused}`);
  }
  // The signature binds the message to the accused: nobody else can make one that verifies.
  let signed: boolean;
  try {
    signed = verifyDecoded({
      pk: G2.decode(a.accusedSigningPk, 'signing key'),
      sig: G1.decode(w.signature, 'signature'),
      hashed: G1.hash(signaturePayload(a.committeeId, parsed.messageBytes, parsed.nizkBytes)),
    });
  } catch {
    signed = false;
  }
  if (!signed) {
    return refuse(
      'signature',
      `the message is not signed with party ${a.accused}'s registered signing key for this committee: the message, the accused party or the committee was changed`,
    );
  }
  const what = `message from party ${a.accused}`;
  let vss, enc, pop;
  try {
    vss = w.message.vssPk.map((b, k) => G2.decode(b, `${what} (commitment ${k})`));
    enc = decodeMultiRecipient(G1, w.message.encryptedShares, what);
    pop = decodeDlNizk(w.nizkProof, what);
  } catch (e) {
    return refuse('message', `a point of the signed message does not decode (${messageOf(e)}), so the ${a.check} cannot be re-run`);
  }
  const oracles = new DkgOracles(a.committeeId);
  const passes = (name: string) => refuse('check', `the ${name} passes: this evidence does not show cheating`);

  if (a.check === 'proof-of-knowledge') {
    const c0 = vss[0];
    if (c0 && !c0.is0() && verifyDlNizk(G2, pop, c0, oracles.proofOfKnowledge(a.accused))) return passes('proof of knowledge');
    return { shown: true, what: 'the proof of knowledge of the dealt secret does not verify' };
  }
  if (a.check === 'sanity') {
    if (vss.length !== a.threshold) return { shown: true, what: `${vss.length} commitments instead of the threshold ${a.threshold}` };
    if (vss[0]!.is0()) return { shown: true, what: 'the constant commitment is the identity' };
    if (enc.encs.length !== a.parties) return { shown: true, what: `${enc.encs.length} encrypted shares for ${a.parties} members` };
    const ro = oracles.encryption(a.accused);
    if (!verifyDdhNizk(G1, enc.proof, gHat(G1, ro, enc.c), enc.c, enc.cHat, ro.extend('zk'))) {
      return { shown: true, what: 'the proof that the shares were encrypted with one ephemeral key does not verify' };
    }
    if (enc.encs.some((e) => e.length === 0)) return { shown: true, what: 'an encrypted share is empty' };
    return passes('sanity check');
  }

  // decryption / feldman: upstream's complaint.
  const c = a.complaint;
  if (!c) return refuse('complaint', `a ${a.check} failure needs the accuser's complaint`);
  if (c.accuser === a.accused || c.accuser < 0 || c.accuser >= a.parties) {
    return refuse('complaint', `the accuser (party ${c.accuser}) is not another member of this committee`);
  }
  let complaint, pkg;
  try {
    complaint = parseExact(SealBcs.Complaint, c.bytes, 'complaint');
    checkDdhNizkWire(complaint.proof.proof, 'complaint');
    pkg = decodeRecoveryPackage(G1, complaint.proof, 'complaint');
  } catch (e) {
    return refuse('complaint', `the complaint does not decode (${messageOf(e)})`);
  }
  if (complaint.accusedSender !== a.accused) {
    return refuse('complaint', `the complaint accuses party ${complaint.accusedSender}, not party ${a.accused}`);
  }
  let accuserPk;
  try {
    accuserPk = G1.decode(c.accuserEncPk, 'encryption key');
  } catch {
    return refuse('complaint', `party ${c.accuser}'s registered encryption key is not a valid point`);
  }
  if (!verifyRecoveryPackage(G1, enc.c, pkg, accuserPk, oracles.recovery(c.accuser, a.accused))) {
    return refuse(
      'complaint',
      `the recovery package does not prove that the revealed key is party ${c.accuser}'s key for this message: the complaint, the accuser or the message was changed`,
    );
  }
  if (enc.encs[c.accuser] === undefined) return { shown: true, what: `the message has no encrypted share for party ${c.accuser}` };
  const plain = decryptWithSharedPoint(G1, enc, pkg.ephemeralKey, oracles.encryption(a.accused), c.accuser);
  let share: bigint;
  try {
    const shares = parseExact(SealBcs.ScalarVec, plain, 'decrypted share');
    if (shares.length !== 1) throw new CeremonyError('seal/malformed', `${shares.length} shares instead of one`);
    share = scalarFromBytes(shares[0]!, 'decrypted share');
  } catch (e) {
    return { shown: true, what: `party ${c.accuser}'s encrypted share does not decrypt to one scalar (${messageOf(e)})` };
  }
  if (vss.length === 0) return { shown: true, what: 'the message has no commitments to check the share against' };
  if (mulBase(G2, share).equals(evalPointPoly(G2, vss, c.accuser + 1))) return passes(`check of party ${c.accuser}'s share`);
  return { shown: true, what: `party ${c.accuser}'s decrypted share does not match the dealer's published commitments (Feldman check)` };
}
