import type { Fact, ParticipantView } from '../../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS, SEAL_TAGS, sealLeavingParticipantId, sealShareSecretId } from '../../../../src-shared/ceremonies/seal.ts';
import { describePlan, keyServerPlan } from './member-files.ts';
import { rosterOf, rotationCheckCode, rotationOf, rotationSummary } from './rotation.ts';
import type { MemberState, SealState } from './state.ts';
import { hex0x, listNames, partyName, shortId } from './values.ts';

/**
 * The rotation part of the views: who continues (with the old party id), leaves and joins, the
 * key server being rotated (version X → X+1, KEY_SERVER_PK that must not change), and for a
 * member its part, its current share and how its key server runs. Also what an old
 * committee's ceremony says once a rotation has replaced it.
 */

const fact = (label: string, value: string, mono = false): Fact => ({ label, value, mono });

export function rotationFacts(s: SealState): Fact[] {
  const rot = rotationOf(s);
  const roster = rosterOf(s);
  if (!s.committee.oldCommitteeId) return [];
  if (!rot || !roster)
    return [
      fact(SEAL_FACTS.rotation, 'Key rotation (details arrive with the chain snapshot)'),
      fact(SEAL_FACTS.oldCommitteeId, s.committee.oldCommitteeId, true),
    ];
  const old = (o: number) => `party ${o} (${shortId(rot.oldMembers[o]!)})`;
  return [
    fact(SEAL_FACTS.rotation, `Key server ${rot.keyServerId}, ${rotationSummary(rot, roster)}`),
    fact(SEAL_FACTS.keyServerObjId, rot.keyServerId, true),
    fact(SEAL_FACTS.keyServerPk, hex0x(rot.keyServerPk), true),
    fact(SEAL_FACTS.oldCommitteeId, rot.oldCommitteeId, true),
    fact(SEAL_FACTS.oldThreshold, `${rot.oldThreshold} of ${rot.oldMembers.length} members (version ${rot.fromVersion})`),
    fact(
      SEAL_FACTS.continuingMembers,
      listNames(roster.continuing.map((c) => `${partyName(s, c.partyId)}, was party ${c.oldPartyId}`)) || 'none',
    ),
    fact(SEAL_FACTS.leavingMembers, listNames(roster.leaving.map((l) => old(l.oldPartyId))) || 'none'),
    fact(SEAL_FACTS.joiningMembers, listNames(roster.joining.map((p) => partyName(s, p))) || 'none'),
    fact(SEAL_FACTS.messagesNeeded, `Exactly ${rot.oldThreshold} DKG messages, from continuing members (new members deal nothing)`),
    fact(SEAL_FACTS.rotationCheckCode, rotationCheckCode(rot)),
  ];
}

/** Tags and a status word for a new-committee member in a rotation. */
export function rotationTag(s: SealState, partyId: number): { tags: string[]; status: string | null } {
  const roster = rosterOf(s);
  if (!roster) return { tags: [], status: null };
  const c = roster.continuing.find((x) => x.partyId === partyId);
  return c
    ? { tags: [SEAL_TAGS.continuing], status: `continuing (was party ${c.oldPartyId})` }
    : { tags: [SEAL_TAGS.joining], status: 'joining' };
}

export function isJoining(s: SealState, partyId: number): boolean {
  return rosterOf(s)?.joining.includes(partyId) ?? false;
}

/** Current members who leave: shown on the dashboard, never bundle senders. */
export function leavingParticipants(s: SealState): ParticipantView[] {
  const rot = rotationOf(s);
  const roster = rosterOf(s);
  if (!rot || !roster) return [];
  return roster.leaving.map((l) => ({
    id: sealLeavingParticipantId(l.oldPartyId),
    label: `Party ${l.oldPartyId} of version ${rot.fromVersion} (${shortId(l.address)})`,
    tags: [SEAL_TAGS.leaving],
    state: 'inactive' as const,
    status: s.keyServer
      ? `Left: its share of version ${rot.fromVersion} is retired; it should stop its key server`
      : `Leaves the committee; its share of version ${rot.fromVersion} is retired when the rotation finalizes`,
    checkCode: null,
  }));
}

/** A member's own rotation facts: its part, its current share, how its key server runs now. */
export function memberRotationFacts(s: MemberState, ceremonyId: string): Fact[] {
  const out: Fact[] = [];
  const rot = rotationOf(s);
  const roster = rosterOf(s);
  if (rot && roster) {
    const c = roster.continuing.find((x) => x.partyId === s.partyId);
    out.push(
      fact(
        SEAL_FACTS.rotationPart,
        c
          ? `Continuing: party ${c.oldPartyId} of version ${rot.fromVersion} → party ${s.partyId} of version ${rot.toVersion}; you deal with your share of version ${rot.fromVersion}`
          : `Joining: party ${s.partyId} of version ${rot.toVersion}; you deal nothing and receive a share`,
      ),
    );
    if (c) {
      out.push(
        fact(
          SEAL_FACTS.oldShare,
          s.oldShare
            ? `${sealShareSecretId(ceremonyId, rot.fromVersion)} (${s.oldShare.source === 'vault' ? 'found in this vault' : 'imported'}; matches your partial key on chain)`
            : `Not in this vault yet: MASTER_SHARE_V${rot.fromVersion} is looked up when you create your message, or import it`,
          !!s.oldShare,
        ),
      );
    }
  }
  const plan = keyServerPlan(s);
  if (plan) {
    out.push(fact(SEAL_FACTS.keyServerConfig, `key-server-config.yaml: ${describePlan(plan)}`));
    out.push(fact(SEAL_FACTS.shareEnvNames, plan.shareVersions.map((v) => `MASTER_SHARE_V${v}`).join(', '), true));
  }
  return out;
}

/** An old committee's ceremony after a rotation replaced it. */
export function retiredFacts(s: SealState): Fact[] {
  const r = s.retired ?? null;
  if (!r || !s.keyServer) return [];
  const mine =
    s.role === 'coordinator'
      ? ''
      : r.stillMember
        ? ' You continue in the new committee: run your key server with the new share from the rotation ceremony.'
        : ' You are not in the new committee: stop your key server; this share is retired.';
  return [
    fact(
      SEAL_FACTS.retired,
      `The key server moved to version ${r.version} (committee ${r.committeeId}); MASTER_SHARE_V${s.keyServer.version} of this committee is retired.${mine}`,
    ),
  ];
}

export function retiredHeadline(s: SealState): string | null {
  const r = s.retired ?? null;
  if (!r || !s.keyServer) return null;
  const who =
    s.role === 'coordinator'
      ? ''
      : r.stillMember
        ? ' You continue: use the share of the rotation ceremony.'
        : ' You left: stop your key server.';
  return `Rotated away: key server ${shortId(s.keyServer.id)} is at version ${r.version} in another committee, so the shares of version ${s.keyServer.version} are retired.${who}`;
}
