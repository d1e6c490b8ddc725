import { bytesToHex } from '@noble/hashes/utils.js';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { checkCodeOf, checkCodeOfBytes, fingerprintOf } from '../../encoding/check-code.ts';
import type { CommitteeInfo, RegistrationSnap, SealState } from './state.ts';

/** Lowercase hex without 0x (how state keeps bytes). */
export const hex = (b: Uint8Array): string => bytesToHex(b);
export const hex0x = (b: Uint8Array | string): string => `0x${typeof b === 'string' ? b.replace(/^0x/, '') : bytesToHex(b)}`;

export const addr = (a: string): string => normalizeSuiAddress(a.trim());

/** Bundle ceremony id shared by everyone in this committee, however they joined. */
export function wireIdOf(committeeId: string): string {
  return `seal-${addr(committeeId).slice(2, 42)}`;
}

/** Short form for sentences: 0x1234…abcd. */
export function shortId(id: string): string {
  const a = addr(id);
  return `${a.slice(0, 6)}…${a.slice(-4)}`;
}

/**
 * The committee check code people compare on join: the chain-verifiable facts only (package,
 * committee, threshold, members in order), so an install joined from dkg.yaml and one joined
 * from the bundle show the same digits.
 */
export function committeeCheckCode(
  c: Pick<CommitteeInfo, 'packageId' | 'committeeId' | 'threshold' | 'members'> & { oldCommitteeId?: string | null },
): string {
  const facts = { packageId: c.packageId, committeeId: c.committeeId, threshold: c.threshold, members: c.members.map((m) => m.address) };
  // A rotation also names the committee it replaces (fresh committees keep their codes).
  return checkCodeOfBytes(canonicalJson(c.oldCommitteeId ? { ...facts, oldCommitteeId: c.oldCommitteeId } : facts));
}

/** Check code of every registration (party order), for air-gapped members to compare snapshots. */
export function registrationsCheckCode(regs: readonly RegistrationSnap[]): string {
  const sorted = [...regs].sort((a, b) => a.partyId - b.partyId).map((r) => [r.partyId, r.address, r.encPk, r.signingPk, r.url, r.name]);
  return checkCodeOfBytes(canonicalJson(sorted));
}

/** The messages_hash check code every member compares before proposing. */
export function messagesHashCheckCode(hashHex: string): string {
  return checkCodeOf(hashHex.replace(/^0x/, ''));
}

export function messageFingerprint(bytes: Uint8Array): { fingerprint: string; checkCode: string } {
  const fingerprint = fingerprintOf(bytes);
  return { fingerprint, checkCode: checkCodeOf(fingerprint) };
}

/** "Alice (party 0)" or "party 0 (0x12ab…cdef)". */
export function partyName(s: Pick<SealState, 'committee'>, partyId: number): string {
  const m = s.committee.members[partyId];
  if (!m) return `party ${partyId}`;
  return m.label && !m.label.startsWith('Member ') ? `${m.label} (party ${partyId})` : `party ${partyId} (${shortId(m.address)})`;
}

/** A member without a name (a dkg.yaml names none): counted from 1, as the screens count members ("member 5 of 5"). */
export function defaultMemberLabel(partyId: number, address: string): string {
  return `Member ${partyId + 1} (${shortId(address)})`;
}

/** Whether a member's label is the default one above, i.e. nobody named them yet. */
export function isDefaultMemberLabel(label: string): boolean {
  return /^Member \d+ \(/.test(label);
}

export function allRegistered(s: Pick<SealState, 'registrations' | 'committee'>): boolean {
  return s.registrations.length === s.committee.members.length;
}

export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
