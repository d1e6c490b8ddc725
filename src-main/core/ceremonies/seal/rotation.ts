import { hexToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import { CeremonyError } from '../../errors.ts';
import type { SealRotation } from '../../crypto/seal/process-all.ts';
import type { CommitteeChain, CommitteeView } from '../../transports/sui/chain.ts';
import type { SealRotationPreview } from '../../../../src-shared/ceremonies/seal.ts';
import { networkConfig } from './network.ts';
import { sealServices } from './services.ts';
import type { RotationSnap, SealState } from './state.ts';
import { addr, committeeCheckCode, hex, listNames, shortId } from './values.ts';

/**
 * Key rotation: who continues, leaves and joins, and what the chain says about the key server
 * being rotated (version X → X+1, the old partial keys every continuing dealer must match, and
 * KEY_SERVER_PK, which the rotation must rebuild). Pure helpers plus the two chain reads.
 */

export function isRotation(s: Pick<SealState, 'committee'>): boolean {
  return !!s.committee.oldCommitteeId;
}

export function rotationOf(s: Pick<SealState, 'rotation'>): RotationSnap | null {
  return s.rotation ?? null;
}

/** The rotation data, or a sentence saying how to get it (an air-gapped member needs a snapshot). */
export function requireRotation(s: SealState): RotationSnap {
  const r = rotationOf(s);
  if (r) return r;
  throw new CeremonyError(
    'seal/rotation-unknown',
    "This install does not know the current key server yet (its version and the partial keys the continuing members must match): import the chain snapshot from your relay, or join from the coordinator's invitation bundle.",
  );
}

/** Old party id of a new committee member (index of its address in the current committee), or null when it joins. */
export function oldPartyIdOf(rot: Pick<RotationSnap, 'oldMembers'>, address: string): number | null {
  const i = rot.oldMembers.indexOf(addr(address));
  return i < 0 ? null : i;
}

export interface RotationRoster {
  /** New party id → old party id, for every continuing member. */
  continuing: { partyId: number; oldPartyId: number }[];
  /** New party ids of joining members. */
  joining: number[];
  /** Current members who are not in the new committee. */
  leaving: { oldPartyId: number; address: string }[];
}

export function rotationRoster(members: readonly string[], rot: Pick<RotationSnap, 'oldMembers'>): RotationRoster {
  const next = members.map(addr);
  const continuing: RotationRoster['continuing'] = [];
  const joining: number[] = [];
  next.forEach((a, partyId) => {
    const oldPartyId = oldPartyIdOf(rot, a);
    if (oldPartyId === null) joining.push(partyId);
    else continuing.push({ partyId, oldPartyId });
  });
  const leaving = rot.oldMembers.map((address, oldPartyId) => ({ oldPartyId, address })).filter((m) => !next.includes(m.address));
  return { continuing, joining, leaving };
}

export function rosterOf(s: SealState): RotationRoster | null {
  const r = rotationOf(s);
  return r
    ? rotationRoster(
        s.committee.members.map((m) => m.address),
        r,
      )
    : null;
}

/** Messages a member processes: one per member (fresh), or exactly the old threshold from continuing members (rotation). */
export function expectedMessageCount(s: SealState): number | null {
  if (!isRotation(s)) return s.committee.members.length;
  const r = rotationOf(s);
  return r ? r.oldThreshold : null;
}

/** processAllMessages' rotation input. */
export function processRotationInput(s: SealState, rot: RotationSnap): SealRotation {
  const roster = rotationRoster(
    s.committee.members.map((m) => m.address),
    rot,
  );
  return {
    oldThreshold: rot.oldThreshold,
    newToOld: new Map(roster.continuing.map((c) => [c.partyId, c.oldPartyId])),
    oldPartialPks: new Map(rot.oldPartialPks.map((p, i) => [i, hexToBytes(p)])),
    oldKeyServerPk: hexToBytes(rot.keyServerPk),
  };
}

/** The check code people compare for the rotated key server (air-gapped members get it from a bundle). */
export function rotationCheckCode(r: RotationSnap): string {
  return checkCodeOfBytes(
    canonicalJson({
      keyServerId: r.keyServerId,
      oldCommitteeId: r.oldCommitteeId,
      fromVersion: r.fromVersion,
      oldThreshold: r.oldThreshold,
      oldMembers: r.oldMembers,
      oldPartialPks: r.oldPartialPks,
      keyServerPk: r.keyServerPk,
    }),
  );
}

/** "version 0 → 1: 2 continue, 1 leaves, 2 join". */
export function rotationSummary(rot: RotationSnap, roster: RotationRoster): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return `version ${rot.fromVersion} → ${rot.toVersion}: ${n(roster.continuing.length, 'continues', 'continue')}, ${n(roster.leaving.length, 'leaves', 'leave')}, ${n(roster.joining.length, 'joins', 'join')}`;
}

/**
 * What a rotation needs before any transaction: the coordinator (sender of init_rotation) is a
 * member of the current committee, and at least the current threshold of current members
 * continue. Throws the sentence people act on.
 */
export function checkRotationPlan(rot: RotationSnap, members: readonly string[], coordinatorAddress: string): RotationRoster {
  const roster = rotationRoster(members, rot);
  const coordinator = addr(coordinatorAddress);
  if (!rot.oldMembers.includes(coordinator)) {
    throw new CeremonyError(
      'seal/coordinator-not-current-member',
      `${coordinator} is not a member of the current committee ${shortId(rot.oldCommitteeId)}, and the contract only lets a current member send init_rotation (the transaction that starts a rotation). Use the address of one of its ${rot.oldMembers.length} members as the coordinator address, for example a continuing member's.`,
      { address: coordinator, committeeId: rot.oldCommitteeId },
    );
  }
  if (roster.continuing.length < rot.oldThreshold) {
    const kept = roster.continuing.map((c) => `party ${c.oldPartyId}`);
    throw new CeremonyError(
      'seal/too-few-continuing',
      `Only ${roster.continuing.length} of the ${rot.oldMembers.length} current members continue${kept.length ? ` (${listNames(kept)})` : ''}, but at least ${rot.oldThreshold} (the current threshold) must: their shares are what carries KEY_SERVER_PK over to the new committee. Keep more current members in the new member list.`,
      { continuing: roster.continuing.length, required: rot.oldThreshold },
    );
  }
  return roster;
}

async function snapOf(chain: CommitteeChain, keyServerId: string, old: CommitteeView): Promise<RotationSnap> {
  const ks = await chain.getKeyServer(keyServerId);
  const partials = [...ks.partialKeyServers].sort((a, b) => a.partyId - b.partyId);
  if (partials.length !== old.members.length || partials.some((p, i) => p.partyId !== i)) {
    throw new CeremonyError(
      'seal/key-server-inconsistent',
      `Key server ${shortId(ks.id)} lists ${partials.length} partial keys for a ${old.members.length}-member committee; it cannot be rotated safely.`,
    );
  }
  return {
    keyServerId: addr(ks.id),
    oldCommitteeId: addr(old.id),
    fromVersion: ks.version,
    toVersion: ks.version + 1,
    oldThreshold: old.threshold,
    oldMembers: old.members.map(addr),
    oldPartialPks: partials.map((p) => hex(p.partialPk)),
    keyServerPk: hex(ks.pk),
    sealPackageId: addr(ks.sealPackageId),
  };
}

/** The coordinator's start: the committee holding KEY_SERVER_OBJ_ID now, its package, and the key server. */
export async function rotationFromKeyServer(
  chain: CommitteeChain,
  keyServerId: string,
): Promise<{ rotation: RotationSnap; packageId: string }> {
  const { committeeId, packageId } = await chain.getCommitteeOfKeyServer(keyServerId);
  const old = await chain.getCommittee(committeeId);
  if (old.phase !== 'Finalized') {
    throw new CeremonyError(
      'seal/not-finalized',
      `Committee ${shortId(old.id)} has not finished its ceremony, so it cannot be rotated yet.`,
      { committeeId: old.id },
    );
  }
  return { rotation: await snapOf(chain, keyServerId, old), packageId: addr(packageId) };
}

/** A member's (or relay's) view of a rotation committee: what it replaces, read from the chain. */
export async function rotationOfCommittee(chain: CommitteeChain, committeeId: string): Promise<RotationSnap> {
  const info = await chain.getRotationInfo(committeeId);
  if (info.kind === 'fresh')
    throw new CeremonyError('seal/not-a-rotation', `Committee ${shortId(committeeId)} is a fresh committee, not a key rotation.`, {
      committeeId,
    });
  if (info.kind === 'rotation-finalized') {
    throw new CeremonyError(
      'seal/committee-finished',
      `The rotation of committee ${shortId(committeeId)} has already finished (the key server is at version ${info.version}).`,
      { committeeId },
    );
  }
  return snapOf(chain, info.keyServerId, await chain.getCommittee(info.oldCommitteeId));
}

/** Two descriptions of the same rotation must agree in every field people compare. */
export function sameRotation(a: RotationSnap, b: RotationSnap): boolean {
  return rotationCheckCode(a) === rotationCheckCode(b);
}

/** The rotation form's preview of a key server (see SealRotationPreview in src-shared). */
export async function previewSealRotation(services: unknown, network: string, keyServerObjId: string): Promise<SealRotationPreview> {
  const chain = await sealServices(services).openChain(networkConfig(network));
  const { rotation, packageId } = await rotationFromKeyServer(chain, addr(keyServerObjId));
  const ks = await chain.getKeyServer(rotation.keyServerId);
  return {
    keyServerObjId: rotation.keyServerId,
    keyServerPk: `0x${rotation.keyServerPk}`,
    version: rotation.fromVersion,
    currentCommitteeId: rotation.oldCommitteeId,
    packageId,
    threshold: rotation.oldThreshold,
    members: rotation.oldMembers.map((address, partyId) => {
      const p = ks.partialKeyServers.find((x) => x.partyId === partyId);
      return { partyId, address, name: p?.name ?? '', url: p?.url ?? '' };
    }),
  };
}

/**
 * The one code members compare at join, and the one the coordinator announces: the committee
 * check code. A rotation's committee code also names the committee it replaces (CURRENT_COMMITTEE_ID),
 * and on chain the new committee is bound to that committee's key server, so the one code pins
 * the rotation too; the rotation's own details (versions, partial keys) follow from the chain and
 * are checked again by the result (KEY_SERVER_PK must come out unchanged). Every member can
 * compute it from the invitation or dkg.yaml alone, including an air-gapped member that joined
 * from dkg.yaml and sees the rotation's details only with its first chain snapshot. Null until
 * the committee exists on chain.
 */
export function joinCheckCode(s: SealState): string | null {
  return s.committee.committeeId ? committeeCheckCode(s.committee) : null;
}
