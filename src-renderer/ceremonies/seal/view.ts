import type { CeremonyView, ParticipantView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS as F, SEAL_TAGS as T, type SealRole, type SealView } from '../../../src-shared/ceremonies/seal.ts';

/** Reading the Seal ceremony's public view (facts by their shared labels, participants by tag). */

export function fact(view: CeremonyView, label: string): string | null {
  return view.facts.find((f) => f.label === label)?.value ?? null;
}

export function role(view: CeremonyView): SealRole {
  return view.role === 'coordinator' || view.role === 'relay' ? view.role : 'member';
}

export function me(view: CeremonyView): ParticipantView | null {
  return view.participants.find((p) => p.tags.includes(T.you)) ?? null;
}

/** An air-gapped member's own install: it never reads the chain. */
export function isAirGappedMember(view: CeremonyView): boolean {
  return role(view) === 'member' && Boolean(me(view)?.tags.includes(T.airGapped));
}

/** Committee members in party order (ids member-<party>). */
export function members(view: CeremonyView): ParticipantView[] {
  return view.participants.filter((p) => /^member-\d+$/.test(p.id)).sort((a, b) => Number(a.id.slice(7)) - Number(b.id.slice(7)));
}

export function partyOf(p: ParticipantView): number {
  return Number(p.id.replace(/^\D+-/, ''));
}

export function hasTag(p: ParticipantView, tag: string): boolean {
  return p.tags.includes(tag);
}

/** Names of members still missing a tag ("registered", "message-received", …), for "waiting for" lines. */
export function missing(view: CeremonyView, tag: string): string[] {
  return members(view)
    .filter((p) => !hasTag(p, tag))
    .map((p) => p.label);
}

export interface PendingTxFacts {
  purpose: string;
  file: string | null;
  digest: string;
  sender: string;
}

/** The transaction waiting for a signature, as the view's facts name it. */
export function pendingTx(view: CeremonyView): PendingTxFacts | null {
  const digest = fact(view, F.pendingTxDigest);
  const sender = fact(view, F.pendingTxSender);
  if (!digest || !sender) return null;
  return { purpose: fact(view, F.pendingTx) ?? 'transaction', file: fact(view, F.pendingTxFile), digest, sender };
}

export function committeeExists(view: CeremonyView): boolean {
  return fact(view, F.committeeId) !== null;
}

/**
 * The committee finalized on chain. Not "KEY_SERVER_OBJ_ID is known": a rotation knows it from
 * the start; the committee version is a fact only once the chain shows the finalized key server.
 */
export function isFinalized(view: CeremonyView): boolean {
  return view.status === 'completed' || fact(view, F.committeeVersion) !== null;
}

/** A key rotation (the new committee replaces the one holding an existing key server). */
export function isRotation(view: CeremonyView): boolean {
  return fact(view, F.rotation) !== null || fact(view, F.oldCommitteeId) !== null;
}

/** Partial key servers after finalization, in party order. */
export function partialKeyServers(view: CeremonyView): { partyId: number; value: string }[] {
  const out: { partyId: number; value: string }[] = [];
  for (const f of view.facts) {
    const m = /^Partial key server (\d+)$/.exec(f.label);
    if (m) out.push({ partyId: Number(m[1]), value: f.value });
  }
  return out.sort((a, b) => a.partyId - b.partyId);
}

/** A join-listing: "Alice, Bob and Carol". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Check codes look like 1234-5678-9012; facts may carry them inside a sentence. */
export function checkCodeIn(text: string | null): string | null {
  return text ? (/\b\d{4}-\d{4}-\d{4}\b/.exec(text)?.[0] ?? null) : null;
}

/** A rotation's versions, from the "Key rotation" fact ("… version 0 → 1: …"); null when not known (yet). */
export function rotationVersions(view: CeremonyView): { from: number; to: number } | null {
  const m = /version (\d+) → (\d+)/.exec(fact(view, F.rotation) ?? '');
  return m ? { from: Number(m[1]), to: Number(m[2]) } : null;
}

/** In a rotation: does this install's member continue (deals its current share) or join? */
export function myRotationPart(view: CeremonyView): 'continuing' | 'joining' | null {
  const p = me(view);
  if (!p || !isRotation(view)) return null;
  return p.tags.includes(T.continuing) ? 'continuing' : p.tags.includes(T.joining) ? 'joining' : null;
}

/** The MASTER_SHARE_V<k> variables this member's key server needs now (from the view), e.g. ["MASTER_SHARE_V0", "MASTER_SHARE_V1"]. */
export function shareEnvNames(view: CeremonyView): string[] {
  const names = fact(view, F.shareEnvNames);
  if (names) return names.split(/,\s*/).filter((x) => /^MASTER_SHARE_V\d+$/.test(x));
  const v = /share-v(\d+)$/.exec(fact(view, F.share) ?? '');
  return [`MASTER_SHARE_V${v ? v[1] : '0'}`];
}

/** A finished committee that a later rotation replaced (its shares are retired). */
export function isRetired(view: CeremonyView): boolean {
  return fact(view, F.retired) !== null;
}

/** The Seal ceremony's typed view (SealView): data, never sentences. */
export function sealView(view: CeremonyView): SealView {
  if (view.view.protocol !== 'seal') throw new Error(`Ceremony ${view.id} is a ${view.view.protocol} ceremony, not Seal.`);
  return view.view;
}

/** Where the share went so far ("env-file /…/alice.env at …"), shown verbatim under the hand-over checklist. */
export function shareHandoffNote(view: CeremonyView): string | null {
  return fact(view, F.shareHandoff);
}
