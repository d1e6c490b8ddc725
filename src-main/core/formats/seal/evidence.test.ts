import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';
import { sign } from '../../crypto/seal/bls-signature.ts';
import { complaintWire, encodeDlNizk } from '../../crypto/seal/codec.ts';
import { createRecoveryPackage } from '../../crypto/seal/ecies.ts';
import { randomScalar, scalarToBytes } from '../../crypto/seal/field.ts';
import { G1, G2, mulBase } from '../../crypto/seal/groups.ts';
import { createDlNizk } from '../../crypto/seal/nizk.ts';
import { DkgOracles } from '../../crypto/seal/oracles.ts';
import { processAllMessages } from '../../crypto/seal/process-all.ts';
import type { ProvableCheck } from '../../crypto/seal/recheck.ts';
import { dealAll, dealCheating, generateCommitteeKeys, registeredKeys, seededRandom } from '../../crypto/seal/simulation.ts';
import { parseSignedMessage, SealBcs, type SignedMessageWire, signaturePayload } from '../../crypto/seal/wire.ts';
import { encodeSealEvidence, type SealEvidence, verifySealEvidence } from './evidence.ts';

/**
 * Evidence against a cheating Seal dealer (issue 17, acceptance 2, in the core): a dealer who
 * signs a message with a bad share for member 1 is caught by member 1's processing, the evidence
 * built from the complaint verifies without any secret and names the dealer, and evidence edited
 * to blame someone else, or with any edited byte, is refused saying what is wrong.
 */

const COMMITTEE = '0x' + 'e7'.repeat(32);
const N = 4;
const T = 3;
const rng = seededRandom('evidence');
const members = generateCommitteeKeys(N, rng);
const honest = dealAll(COMMITTEE, T, members, rng);
const ACCUSER = 1;
const DEALER = 2;
const oracles = new DkgOracles(COMMITTEE);
const roster = members.map((m, i) => ({ name: `M${i}`, address: '0x' + String(i).repeat(64), signingPk: m.signingPk, encPk: m.encPk }));

function forge(dealer: number, mutate: (w: SignedMessageWire) => void): Uint8Array {
  const wire = parseSignedMessage(honest[dealer]!).wire;
  mutate(wire);
  const messageBytes = SealBcs.Message.serialize(wire.message).toBytes();
  const nizkBytes = SealBcs.DlNizk.serialize(wire.nizkProof).toBytes();
  wire.signature = sign(members[dealer]!.signingSk, signaturePayload(hexToBytes(COMMITTEE.slice(2)), messageBytes, nizkBytes));
  return SealBcs.SignedMessage.serialize(wire).toBytes();
}

/** A dealer whose share for the accuser comes from another polynomial than the one it commits to. */
const cheating = dealCheating({
  committeeId: COMMITTEE,
  threshold: T,
  encryptionPks: members.map((m) => m.encPk),
  myPartyId: DEALER,
  signingSk: members[DEALER]!.signingSk,
  victims: [ACCUSER],
  rng,
});

async function caught(messages: Uint8Array[]): Promise<CeremonyError> {
  try {
    await processAllMessages({
      committeeId: COMMITTEE,
      threshold: T,
      members: registeredKeys(members),
      myPartyId: ACCUSER,
      encSk: members[ACCUSER]!.encSk,
      messages,
    });
  } catch (e) {
    if (e instanceof CeremonyError) return e;
    throw e;
  }
  throw new Error('processing accepted the cheating message');
}

function evidence(accused: number, check: ProvableCheck, message: Uint8Array, complaint: Uint8Array | null): Uint8Array {
  return encodeSealEvidence({
    committeeId: COMMITTEE,
    threshold: T,
    members: roster,
    accused,
    check,
    message,
    complaint: complaint ? { accuser: ACCUSER, bytes: complaint } : null,
    createdAt: '2026-12-07T00:00:00.000Z',
  });
}

/** Edits the parsed document and writes it back canonically, as a careful forger would. */
function edit(bytes: Uint8Array, change: (d: SealEvidence) => void): Uint8Array {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as SealEvidence;
  change(doc);
  return new TextEncoder().encode(canonicalJson(doc) + '\n');
}

function flipHex(hex: string, at: number): string {
  const b = hexToBytes(hex);
  b[at]! ^= 0x01;
  return bytesToHex(b);
}

describe('Seal evidence against a dealer with a bad share', () => {
  const made = (async () => {
    const e = await caught(honest.map((m, i) => (i === DEALER ? cheating : m)));
    expect(e.code).toBe('seal/complaint');
    expect(e.details).toMatchObject({ sender: DEALER, check: 'feldman' });
    const complaint = hexToBytes(String(e.details.complaint));
    return { complaint, file: evidence(DEALER, 'feldman', cheating, complaint) };
  })();

  it('verifies without any secret and names the dealer, the accuser and the check', async () => {
    const { file } = await made;
    const r = await verifySealEvidence(file);
    expect(r.verified, r.finding).toBe(true);
    expect(r.accused).toEqual({ id: '2', partyId: DEALER, name: 'M2', address: roster[DEALER]!.address });
    expect(r.accuser?.name).toBe('M1');
    expect(r.check).toBe('feldman');
    expect(r.accusedSigningPk).toBe(bytesToHex(members[DEALER]!.signingPk));
    expect(r.finding).toContain("Party 1's decrypted share does not match the dealer's published commitments");
    // Only public data: no secret key of any member appears in the file.
    const text = new TextDecoder().decode(file);
    for (const m of members) {
      expect(text).not.toContain(bytesToHex(scalarToBytes(m.encSk)));
      expect(text).not.toContain(bytesToHex(scalarToBytes(m.signingSk)));
    }
  });

  it('refuses evidence edited to blame someone else', async () => {
    const { file } = await made;
    // Another accused party: the message says it comes from party 2 (signed).
    let r = await verifySealEvidence(edit(file, (d) => void (d.accused = 3)));
    expect(r.verified).toBe(false);
    expect(r.finding).toContain('The accused party was changed');
    expect(r.accused?.name).toBe('M3');
    // ... and the message's sender field changed to match: the signature no longer verifies.
    r = await verifySealEvidence(
      edit(file, (d) => {
        d.accused = 3;
        d.message = '03' + d.message.slice(2);
      }),
    );
    expect(r.finding).toContain('The signature does not match');
    // ... and the accused's key swapped in the roster for party 3's: still party 2's signature.
    r = await verifySealEvidence(
      edit(file, (d) => {
        d.accused = 3;
        d.message = '03' + d.message.slice(2);
        [d.members[2]!.signingPk, d.members[3]!.signingPk] = [d.members[3]!.signingPk, d.members[2]!.signingPk];
      }),
    );
    expect(r.finding).toContain('The signature does not match');
    // Names swapped: the document is no longer the one written (any edit without re-canonicalising too).
    const swapped = new TextDecoder().decode(file).replace('"name":"M2"', '"name":"M9"');
    r = await verifySealEvidence(new TextEncoder().encode(swapped.replace('{', '{ ')));
    expect(r.finding).toContain('not in the canonical form');
  });

  it('refuses one edited byte of the message or of the complaint, and an edited accuser', async () => {
    const { file } = await made;
    const at = (hex: string) => Math.floor(hex.length / 4);
    let r = await verifySealEvidence(edit(file, (d) => void (d.message = flipHex(d.message, at(d.message)))));
    expect(r.verified).toBe(false);
    expect(r.finding).toMatch(/The signature does not match|The message in the evidence is damaged/);
    for (const pos of [1, 10, 60, 100, 150]) {
      r = await verifySealEvidence(edit(file, (d) => void (d.complaint!.bytes = flipHex(d.complaint!.bytes, pos))));
      expect(r.verified, `complaint byte ${pos}`).toBe(false);
      expect(r.finding).toContain('The complaint does not hold');
    }
    r = await verifySealEvidence(edit(file, (d) => void (d.complaint!.accuser = 0)));
    expect(r.finding).toContain("is party 0's key");
    r = await verifySealEvidence(edit(file, (d) => void (d.complaint = null)));
    expect(r.finding).toContain("needs the accuser's complaint");
  });

  it('an undecryptable share gives evidence that verifies too', async () => {
    const garbled = forge(DEALER, (w) => void (w.message.encryptedShares.encs[ACCUSER] = rng(40)));
    const e = await caught(honest.map((m, i) => (i === DEALER ? garbled : m)));
    expect(e.code).toBe('seal/complaint');
    const check = e.details.check as ProvableCheck;
    const r = await verifySealEvidence(evidence(DEALER, check, garbled, hexToBytes(String(e.details.complaint))));
    expect(r.verified, r.finding).toBe(true);
    expect(r.finding).toContain('does not decrypt to one scalar');
  });

  it('refuses a complaint against an honest dealer: the check passes', async () => {
    const enc = parseSignedMessage(honest[DEALER]!).wire.message.encryptedShares;
    const pkg = createRecoveryPackage(G1, G1.decode(enc.c), members[ACCUSER]!.encSk, oracles.recovery(ACCUSER, DEALER), rng);
    const complaint = SealBcs.Complaint.serialize(complaintWire(G1, DEALER, pkg)).toBytes();
    const r = await verifySealEvidence(evidence(DEALER, 'feldman', honest[DEALER]!, complaint));
    expect(r.verified).toBe(false);
    expect(r.finding).toContain("check of party 1's share passes: this evidence does not show cheating");
  });
});

describe('Seal evidence for checks anyone can re-run', () => {
  const badPop = forge(DEALER, (w) => {
    const x = randomScalar(rng);
    w.nizkProof = encodeDlNizk(createDlNizk(G2, x, mulBase(G2, x), oracles.proofOfKnowledge(DEALER), rng));
  });
  const badDegree = forge(DEALER, (w) => void w.message.vssPk.pop());

  it('a bad proof of knowledge and a failed sanity check verify; the honest message does not', async () => {
    for (const [m, check] of [
      [badPop, 'proof-of-knowledge'],
      [badDegree, 'sanity'],
    ] as const) {
      const e = await caught(honest.map((x, i) => (i === DEALER ? m : x)));
      expect(e.details).toMatchObject({ sender: DEALER, check });
      const r = await verifySealEvidence(evidence(DEALER, check, m, null));
      expect(r.verified, r.finding).toBe(true);
      expect(r.accused?.partyId).toBe(DEALER);
      const fair = await verifySealEvidence(evidence(DEALER, check, honest[DEALER]!, null));
      expect(fair.verified).toBe(false);
      expect(fair.finding).toContain('this evidence does not show cheating');
    }
  });

  it('refuses what is not evidence: not JSON, another format, a roster out of order', async () => {
    expect((await verifySealEvidence(new TextEncoder().encode('hello'))).finding).toContain('not JSON');
    expect((await verifySealEvidence(new TextEncoder().encode('{"format":"x"}'))).finding).toContain('not Seal evidence');
    const file = evidence(DEALER, 'sanity', badDegree, null);
    const r = await verifySealEvidence(edit(file, (d) => void d.members.reverse()));
    expect(r.finding).toContain('party order');
  });
});
