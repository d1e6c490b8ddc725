import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { SEAL_BUNDLE_STEPS, sealParticipantId } from '../../../../src-shared/ceremonies/seal.ts';
import { checkCommitteeMatches } from './chain-read.ts';
import { fromBundle, openForJoining } from './join.ts';
import { DKG_KEYS, generateKeys, MESSAGE_SEED } from './member.ts';
import { memberDkgYamlArtifact } from './member-files.ts';
import { networkConfig } from './network.ts';
import { InvitationPayload, readPayload } from './payloads.ts';
import { step } from './phases.ts';
import { restartWords } from './restart.ts';
import { sealServices } from './services.ts';
import { baseState, newMemberState, type MemberState, type SealState } from './state.ts';
import { addr, committeeCheckCode, shortId, wireIdOf } from './values.ts';

/**
 * A member's ceremony follows its coordinator's restart (restart.ts): the invitation to the new
 * committee, signed by the same coordinator key and naming this ceremony's committee among the
 * ones it replaces, is imported into the ceremony that joined the old one. The member keeps its
 * account, key server URL and name and its journaled code comparisons; the old committee's DKG
 * keys and message seed leave the vault (they were made for a committee that will never finish)
 * and fresh keys are made; the member compares the NEW committee check code and registers again.
 */

/** An invitation bundle's payload, or null when unreadable. */
function invitationOf(bundle: Bundle): InvitationPayload | null {
  try {
    return readPayload(bundle, InvitationPayload, 'invitation');
  } catch {
    return null;
  }
}

/** The engine's `adopts`: this is our coordinator's invitation to the committee that replaces ours. */
export function adoptsRestart(s: SealState, bundle: Bundle): boolean {
  const h = bundle.header;
  if (s.role !== 'member' || !s.committee.committeeId) return false;
  if (h.step !== SEAL_BUNDLE_STEPS.invitation || h.sender.id !== sealParticipantId.coordinator) return false;
  if (h.ceremonyId === wireIdOf(s.committee.committeeId)) return false;
  const p = invitationOf(bundle);
  if (!p?.restart?.previousCommitteeIds.includes(s.committee.committeeId)) return false;
  // Only the coordinator whose key this ceremony knows can move it to another committee. A
  // ceremony joined from a plain dkg.yaml knows no key yet: the invitation must then come from the
  // coordinator address of its dkg.yaml (and the member still compares the new committee code
  // with the coordinator before registering).
  const known = s.bundleKeys[sealParticipantId.coordinator];
  if (known) return known === h.sender.publicKey;
  return s.committee.coordinatorAddress !== addr('0x0') && addr(p.committee.coordinatorAddress) === s.committee.coordinatorAddress;
}

function refuse(message: string, code: 'bundle/rejected-by-protocol' = 'bundle/rejected-by-protocol'): never {
  throw new BundleError(code, message, { sender: sealParticipantId.coordinator });
}

export async function acceptRestartInvitation(s: MemberState, bundle: Bundle, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!adoptsRestart(s, bundle)) refuse('This invitation is for another committee and does not restart this one.');
  const restart = invitationOf(bundle)!.restart!;
  const inv = fromBundle('the invitation', bundle);
  const words = restartWords(restart);
  const newId = inv.committee.committeeId!;
  if (s.keyServer || s.result || s.proposed) {
    refuse(
      `The coordinator restarted the committee (${words}), but this ceremony has already processed the message set of committee ${shortId(s.committee.committeeId!)}; talk to your coordinator before going on.`,
    );
  }
  if (s.pending?.status === 'submitting')
    refuse('A transaction of this ceremony is being submitted: wait for its result, then import the invitation again.');
  if (
    networkConfig(inv.committee.network).kind !== networkConfig(s.committee.network).kind ||
    inv.committee.networkLabel !== s.committee.networkLabel
  ) {
    refuse(
      `The restarted committee is on ${inv.committee.networkLabel}, not ${s.committee.networkLabel} like this ceremony; ask your coordinator.`,
    );
  }
  const partyId = inv.committee.members.findIndex((m) => m.address === s.address);
  if (partyId < 0) {
    throw new CeremonyError(
      'seal/not-in-restarted-committee',
      `You are not in the restarted committee: the coordinator restarted it ${words}, and ${s.address} is not among its members. Nothing changed here; ask your coordinator if this is a mistake.`,
      { address: s.address, committeeId: newId },
    );
  }
  // The member's own network (it may have chosen a custom full node) stays.
  const committee = { ...inv.committee, network: s.committee.network, networkLabel: s.committee.networkLabel };
  const base = baseState('member', committee, inv.dkgYaml, null);
  base.bundleKeys = { [sealParticipantId.coordinator]: bundle.header.sender.publicKey };
  if (!s.airGapped) {
    const chain = await sealServices(ctx.services).openChain(networkConfig(committee.network));
    const view = await chain.getCommittee(newId);
    checkCommitteeMatches(committee, view, 'the invitation');
    base.registrations = openForJoining(view, 'the invitation', { partyId, address: s.address });
  }

  // The old committee's keys and message seed are retired: nothing made from them may serve the new committee.
  const del = sealServices(ctx.services).deleteSecret;
  if (!del) throw new CeremonyError('seal/no-vault-access', 'This app cannot delete vault entries for the ceremony.');
  for (const name of [DKG_KEYS, MESSAGE_SEED]) await del(`${ctx.meta.id}/${name}`);

  let next: MemberState = {
    ...newMemberState(base, {
      airGapped: s.airGapped,
      partyId,
      address: s.address,
      coordinatorCredentialsKey: inv.credentialsKey ?? s.coordinatorCredentialsKey,
    }),
    // History that stays true: the journaled comparisons, evidence, transactions (and their count,
    // which keeps effect ids unique).
    codeChecks: s.codeChecks ?? [],
    evidence: s.evidence ?? [],
    txLog: s.txLog,
    txSeq: s.txSeq,
    restart: {
      previousCommitteeIds: restart.previousCommitteeIds,
      removed: restart.removed,
      replaced: restart.replaced,
      at: ctx.now(),
    },
  };
  let keysLine = '';
  if (s.server) {
    const made = await generateKeys(next, { serverUrl: s.server.url, serverName: s.server.name }, ctx);
    if (s.keys && made.state.keys && made.state.keys.encPk === s.keys.encPk)
      throw new CeremonyError(
        'seal/restart-keys-not-retired',
        "The old committee's DKG keys could not be removed from the vault, so no fresh keys were made; try the import again.",
      );
    next = made.state;
    keysLine = `; fresh DKG keys made for ${s.server.name} (${s.server.url})`;
  }
  const label = committee.members[partyId]!.label;
  return {
    ...step(
      next,
      `The coordinator restarted the committee ${words}: now ${label} (party ${partyId}) of committee ${shortId(newId)}, check code ${committeeCheckCode(committee)}; the DKG keys of committee ${shortId(s.committee.committeeId!)} were deleted${keysLine}`,
      { artifacts: [memberDkgYamlArtifact(next)] },
    ),
    me: { id: sealParticipantId.member(partyId), label },
  };
}
