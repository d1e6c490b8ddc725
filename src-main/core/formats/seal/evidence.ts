import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { parseAddress } from '../../crypto/seal/address.ts';
import { G1_BYTES, G2_BYTES } from '../../crypto/seal/constants.ts';
import { PROVABLE_CHECKS, type ProvableCheck, recheckDealerMessage } from '../../crypto/seal/recheck.ts';

/**
 * Evidence against a Seal dealer whose signed DKG message fails a check: a canonical JSON file
 * anyone can verify without a vault (`ceremony evidence verify FILE`). It holds only public
 * data: the committee id and threshold, every member's registered keys (the roster as on chain),
 * the accused's signed message exactly as sent, the failed check and, for a bad share, upstream's
 * complaint (accused party + recovery package: the accuser's shared point for that one
 * ciphertext with its DDH proof), never a secret key or a share of the final key.
 *
 *   { "format": "ceremony-evidence", "version": 1, "protocol": "seal",
 *     "committeeId": "0x…", "threshold": t,
 *     "members": [ { "partyId", "name", "address", "signingPk", "encPk" } … in party order ],
 *     "accused": <party id>, "check": "proof-of-knowledge" | "sanity" | "decryption" | "feldman",
 *     "message": "<hex bcs(SignedMessage)>",
 *     "complaint": null | { "accuser": <party id>, "bytes": "<hex bcs(Complaint)>" },
 *     "createdAt": "<ISO time>" }
 *
 * The bytes are canonicalJson of that object plus a newline, so an edit anywhere shows.
 * What the file cannot prove by itself is that the roster's keys are the ones registered on
 * chain: the verifier is told to compare the accused's signing key with the committee object.
 */

export const EVIDENCE_FORMAT = 'ceremony-evidence';

const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lower-case hex`);

const EvidenceMember = z
  .object({
    partyId: z.number().int().min(0),
    name: z.string().max(200),
    address: z.string().max(80),
    signingPk: Hex(G2_BYTES),
    encPk: Hex(G1_BYTES),
  })
  .strict();

export const SealEvidence = z
  .object({
    format: z.literal(EVIDENCE_FORMAT),
    version: z.literal(1),
    protocol: z.literal('seal'),
    committeeId: z.string().regex(/^0x[0-9a-f]{64}$/),
    threshold: z.number().int().min(1),
    members: z.array(EvidenceMember).min(1).max(256),
    accused: z.number().int().min(0),
    check: z.enum(PROVABLE_CHECKS),
    message: z.string().regex(/^([0-9a-f]{2})+$/),
    complaint: z
      .object({ accuser: z.number().int().min(0), bytes: z.string().regex(/^([0-9a-f]{2})+$/) })
      .strict()
      .nullable(),
    createdAt: z.string().max(40),
  })
  .strict();
export type SealEvidence = z.infer<typeof SealEvidence>;

export interface SealEvidenceInput {
  committeeId: string;
  threshold: number;
  members: { name: string; address: string; signingPk: Uint8Array; encPk: Uint8Array }[];
  accused: number;
  check: ProvableCheck;
  message: Uint8Array;
  complaint: { accuser: number; bytes: Uint8Array } | null;
  createdAt: string;
}

export function encodeSealEvidence(e: SealEvidenceInput): Uint8Array {
  const doc: SealEvidence = {
    format: EVIDENCE_FORMAT,
    version: 1,
    protocol: 'seal',
    committeeId: '0x' + bytesToHex(parseAddress(e.committeeId, 'committee id')),
    threshold: e.threshold,
    members: e.members.map((m, partyId) => ({
      partyId,
      name: m.name,
      address: m.address,
      signingPk: bytesToHex(m.signingPk),
      encPk: bytesToHex(m.encPk),
    })),
    accused: e.accused,
    check: e.check,
    message: bytesToHex(e.message),
    complaint: e.complaint ? { accuser: e.complaint.accuser, bytes: bytesToHex(e.complaint.bytes) } : null,
    createdAt: e.createdAt,
  };
  return new TextEncoder().encode(canonicalJson(SealEvidence.parse(doc)) + '\n');
}

/** A participant as the report names it: its id (a Seal party id, a FROST member id) and name. */
export interface EvidenceParty {
  id: string;
  name: string;
  /** Seal: the party id and the member's Sui address. */
  partyId?: number;
  address?: string;
}

/**
 * The verdict on an evidence file. `verified`: the accused's own signed message fails the check
 * (`finding` says how). Refused: `finding` says what is wrong with the evidence. The parties are
 * named from the file when it could be read that far.
 */
export interface EvidenceReport {
  verified: boolean;
  protocol: string | null;
  committeeId: string | null;
  check: string | null;
  accused: EvidenceParty | null;
  accuser: EvidenceParty | null;
  /**
   * The key the accused's signature was checked against (Seal: the registered BLS signing key,
   * to compare with the chain; FROST: the Ed25519 bundle key, to compare with the group's roster).
   */
  accusedSigningPk: string | null;
  finding: string;
}

/** A report that verifies nothing (every field unknown) but the finding and what `over` knows. */
export function refused(finding: string, over: Partial<EvidenceReport> = {}): EvidenceReport {
  return {
    verified: false,
    protocol: null,
    committeeId: null,
    check: null,
    accused: null,
    accuser: null,
    accusedSigningPk: null,
    finding,
    ...over,
  };
}

const PART_WORDS = {
  message: 'The message in the evidence is damaged',
  accused: 'The accused party was changed',
  signature: 'The signature does not match',
  complaint: 'The complaint does not hold',
  check: 'No cheating shown',
} as const;

/** An evidence file's text and its JSON value; null when it is not UTF-8 JSON. */
export function readEvidenceJson(bytes: Uint8Array): { text: string; raw: unknown } | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, raw: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** Verifies Seal evidence from the bytes of its file; never throws for a bad file. */
export async function verifySealEvidence(bytes: Uint8Array): Promise<EvidenceReport> {
  const json = readEvidenceJson(bytes);
  if (!json) return refused('The file is not JSON text.');
  const { text, raw } = json;
  const parsed = SealEvidence.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(`The file is not Seal evidence this app can read: ${issue.path.join('.') || 'the document'}: ${issue.message}.`);
  }
  const e = parsed.data;
  const party = (p: number): EvidenceParty | null => {
    const m = e.members[p];
    return m ? { id: String(p), partyId: p, name: m.name, address: m.address } : null;
  };
  const base: Partial<EvidenceReport> = {
    protocol: 'seal',
    committeeId: e.committeeId,
    check: e.check,
    accused: party(e.accused),
    accuser: e.complaint ? party(e.complaint.accuser) : null,
    accusedSigningPk: e.members[e.accused]?.signingPk ?? null,
  };
  if (text !== canonicalJson(e) + '\n') return refused('The file was edited: it is not in the canonical form the app writes.', base);
  const n = e.members.length;
  if (e.members.some((m, i) => m.partyId !== i)) return refused('The members are not listed in party order.', base);
  if (e.threshold > n) return refused(`The threshold ${e.threshold} is larger than the committee (${n} members).`, base);
  if (e.accused >= n) return refused(`The accused party ${e.accused} is not a member of this ${n}-member committee.`, base);
  for (const key of ['signingPk', 'encPk'] as const) {
    if (new Set(e.members.map((m) => m[key])).size !== n) return refused(`Two members are listed with the same ${key}.`, base);
  }
  const share = e.check === 'decryption' || e.check === 'feldman';
  if (share !== (e.complaint !== null)) {
    return refused(share ? `A ${e.check} failure needs the accuser's complaint.` : `A ${e.check} failure carries no complaint.`, base);
  }
  const accuser = e.complaint ? e.members[e.complaint.accuser] : undefined;
  if (e.complaint && !accuser) return refused(`The accuser, party ${e.complaint.accuser}, is not a member of this committee.`, base);
  const outcome = await recheckDealerMessage({
    committeeId: parseAddress(e.committeeId, 'committee id'),
    threshold: e.threshold,
    parties: n,
    accused: e.accused,
    accusedSigningPk: hexToBytes(e.members[e.accused]!.signingPk),
    message: hexToBytes(e.message),
    check: e.check,
    complaint:
      e.complaint && accuser
        ? { accuser: e.complaint.accuser, accuserEncPk: hexToBytes(accuser.encPk), bytes: hexToBytes(e.complaint.bytes) }
        : null,
  });
  if (!outcome.shown) return refused(`${PART_WORDS[outcome.part]}: ${outcome.reason}.`, base);
  return { ...refused('', base), verified: true, finding: `${outcome.what[0]!.toUpperCase()}${outcome.what.slice(1)}.` };
}
