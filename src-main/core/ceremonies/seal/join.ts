import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import type { CreateContext, Created } from '../../engine/protocol.ts';
import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { SealJoinParams, sealParticipantId } from '../../../../src-shared/ceremonies/seal.ts';
import { checkCommitteeMatches, registrationsOf } from './chain-read.ts';
import { memberDkgYamlArtifact } from './member-files.ts';
import { labelOf, networkConfig, networkOfDkgYaml, networkString } from './network.ts';
import { InvitationPayload, readPayload } from './payloads.ts';
import { step } from './phases.ts';
import { sealServices, type SealServices } from './services.ts';
import { findOldShare } from './old-share.ts';
import { oldPartyIdOf, rotationOfCommittee, sameRotation } from './rotation.ts';
import {
  baseState,
  newMemberState,
  type CommitteeInfo,
  type MemberState,
  type RegistrationSnap,
  type RelayState,
  type RotationSnap,
} from './state.ts';
import type { CommitteeView } from '../../transports/sui/chain.ts';
import { addr, committeeCheckCode, defaultMemberLabel, shortId, wireIdOf } from './values.ts';

/**
 * Joining as a member or a relay, from the coordinator's invitation bundle or the plain
 * dkg.yaml (seal-committee-cli's file). Online installs check the committee against the chain
 * right away (a stale dkg.yaml from another committee fails here); an air-gapped member shows
 * the committee check code to compare with the coordinator's announcement instead.
 */

export interface Invitation {
  committee: CommitteeInfo;
  dkgYaml: string;
  coordinatorKey: string | null;
  /** The coordinator's X25519 key for API credentials (invitation bundles of this version only). */
  credentialsKey: string | null;
  /** Rotation: KEY_SERVER_OBJ_ID from the file, and the key server as the coordinator read it (bundle only). */
  keyServerObjId: string | null;
  rotation: RotationSnap | null;
  /** The committee's name for people, from an invitation bundle (dkg.yaml has none). */
  title: string | null;
}

function notInvitation(name: string, why: string): CeremonyError {
  return new CeremonyError('engine/not-an-invitation', `${name} is not a Seal committee invitation: ${why}.`);
}

function fromDkgYaml(name: string, text: string): Invitation {
  let y: DkgYaml;
  try {
    y = DkgYaml.parse(text, name);
    y.members();
  } catch (e) {
    if (isCeremonyError(e)) throw notInvitation(name, e.message);
    throw e;
  }
  const rotation = y.isRotation();
  if (rotation && (!y.has('COMMITTEE_ID') || !y.has('COMMITTEE_PKG') || !y.has('CURRENT_COMMITTEE_ID'))) {
    throw new CeremonyError(
      'seal/no-committee-yet',
      `${name} is a key rotation file without init-rotation.COMMITTEE_ID yet: the coordinator must run init-rotation before sending it.`,
    );
  }
  if (!y.has('COMMITTEE_ID') || !y.has('COMMITTEE_PKG')) {
    throw new CeremonyError(
      'seal/no-committee-yet',
      `${name} has no COMMITTEE_ID yet: the coordinator must publish the package and create the committee (publish-and-init) before sending it.`,
    );
  }
  const members = y.members().map((address, i) => ({ address, label: defaultMemberLabel(i, address) }));
  const net = networkOfDkgYaml(text, y);
  const committee: CommitteeInfo = {
    network: networkString(net),
    networkLabel: labelOf(networkString(net)),
    packageId: y.committeePkg(),
    committeeId: y.committeeId(),
    threshold: y.threshold(),
    members,
    coordinatorAddress: y.has('COORDINATOR_ADDRESS') ? y.coordinatorAddress() : addr('0x0'),
    oldCommitteeId: rotation ? y.currentCommitteeId() : null,
  };
  return {
    committee,
    dkgYaml: text,
    coordinatorKey: null,
    credentialsKey: null,
    keyServerObjId: rotation ? y.keyServerObjId() : null,
    title: null,
    rotation: null,
  };
}

/** An invitation bundle read and checked against its own dkg.yaml (not yet against the chain). */
export function fromBundle(name: string, bundle: Bundle): Invitation {
  if (bundle.header.step !== 'invitation') {
    throw notInvitation(
      name,
      `it is a "${bundle.header.step}" bundle; join from the coordinator's invitation (seal-invitation.ceremony) or dkg.yaml`,
    );
  }
  if (bundle.header.sender.id !== sealParticipantId.coordinator) throw notInvitation(name, 'it was not made by the coordinator');
  const p: InvitationPayload = readPayload(bundle, InvitationPayload, 'invitation');
  const inv = fromDkgYaml(name, p.dkgYaml);
  const c = p.committee;
  const yamlMembers = inv.committee.members.map((m) => m.address);
  if (
    c.committeeId !== inv.committee.committeeId ||
    c.packageId !== inv.committee.packageId ||
    c.threshold !== inv.committee.threshold ||
    c.members.map((m) => m.address).join() !== yamlMembers.join() ||
    (c.oldCommitteeId ?? null) !== inv.committee.oldCommitteeId ||
    (p.rotation && (p.rotation.oldCommitteeId !== inv.committee.oldCommitteeId || p.rotation.keyServerId !== inv.keyServerObjId)) ||
    (!p.rotation && inv.committee.oldCommitteeId)
  ) {
    throw new CeremonyError(
      'seal/invitation-inconsistent',
      `The invitation ${name} contradicts its own dkg.yaml; ask the coordinator for a new one.`,
    );
  }
  if (bundle.header.ceremonyId !== wireIdOf(c.committeeId))
    throw new CeremonyError('seal/invitation-inconsistent', `The invitation ${name} carries the wrong ceremony id for its committee.`);
  return {
    dkgYaml: p.dkgYaml,
    coordinatorKey: bundle.header.sender.publicKey,
    credentialsKey: p.credentialsKey ?? null,
    keyServerObjId: inv.keyServerObjId,
    rotation: p.rotation ? { ...p.rotation } : null,
    title: p.title ?? null,
    committee: {
      ...inv.committee,
      network: networkString(networkConfig(p.network)),
      networkLabel: labelOf(p.network),
      members: c.members.map((m, i) => ({ address: m.address, label: m.label || defaultMemberLabel(i, m.address) })),
      coordinatorAddress: c.coordinatorAddress,
    },
  };
}

async function chooseAddress(params: SealJoinParams, committee: CommitteeInfo, ctx: CreateContext): Promise<string> {
  const members = committee.members.map((m) => m.address);
  if (params.address) {
    const a = addr(params.address);
    if (!members.includes(a)) {
      throw new CeremonyError(
        'seal/not-a-member',
        `${a} is not a member of committee ${shortId(committee.committeeId!)} (its ${members.length} members are listed in the invitation). Use the address you gave the coordinator.`,
        { address: a },
      );
    }
    return a;
  }
  if (params.role === 'relay')
    throw new CeremonyError('seal/relay-needs-address', "A relay acts for one air-gapped member: give that member's address.");
  const wallet = sealServices(ctx.services).wallet;
  const accounts = wallet ? (await wallet.accounts()).map((a) => a.address).filter((a) => members.includes(a)) : [];
  if (accounts.length === 1) return accounts[0]!;
  throw new CeremonyError(
    'seal/not-a-member',
    accounts.length === 0
      ? "None of the Sui accounts in this install's wallet is a member of this committee: import your member key into the wallet, or give your member address."
      : `Several wallet accounts are members of this committee (${accounts.map(shortId).join(', ')}): choose which one you are.`,
  );
}

export async function joinSeal(
  file: { name: string; bytes: Uint8Array; bundle: Bundle | null },
  rawParams: Record<string, unknown>,
  ctx: CreateContext,
): Promise<Created<MemberState | RelayState>> {
  const parsed = SealJoinParams.safeParse(rawParams);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CeremonyError('api/invalid-input', `${i.path.join('.') || 'input'}: ${i.message}`);
  }
  const params = parsed.data;
  const inv = file.bundle
    ? fromBundle(file.name, file.bundle)
    : fromDkgYaml(file.name, new TextDecoder('utf-8', { fatal: false }).decode(file.bytes));
  const committee = { ...inv.committee };
  if (params.network) {
    committee.network = networkString(networkConfig(params.network));
    committee.networkLabel = labelOf(committee.network);
  }
  const address = await chooseAddress(params, committee, ctx);
  const partyId = committee.members.findIndex((m) => m.address === address);
  const online = params.role === 'relay' || !params.airGapped;
  const base = baseState(params.role, committee, inv.dkgYaml, inv.rotation);
  if (inv.coordinatorKey) base.bundleKeys = { [sealParticipantId.coordinator]: inv.coordinatorKey };
  if (online) {
    const chain = await sealServices(ctx.services).openChain(networkConfig(committee.network));
    const view = await chain.getCommittee(committee.committeeId!);
    checkCommitteeMatches(committee, view, file.bundle ? 'the invitation' : file.name);
    if (committee.oldCommitteeId && view.phase !== 'Finalized') {
      const onChain = await rotationOfCommittee(chain, committee.committeeId!);
      if (onChain.keyServerId !== inv.keyServerObjId) {
        throw new CeremonyError(
          'seal/committee-mismatch',
          `${file.bundle ? 'The invitation' : file.name} names key server ${shortId(inv.keyServerObjId!)}, but the rotation on chain moves key server ${shortId(onChain.keyServerId)}; ask the coordinator for the current invitation.`,
        );
      }
      if (inv.rotation && !sameRotation(inv.rotation, onChain)) {
        throw new CeremonyError(
          'seal/invitation-inconsistent',
          'The invitation describes the key server being rotated differently from the chain; ask the coordinator for a new one.',
        );
      }
      base.rotation = onChain;
    }
    base.registrations = openForJoining(view, file.name, params.role === 'member' ? { partyId, address } : null);
  }
  const label = committee.members[partyId]!.label;
  const localName = (ctx.services as Partial<SealServices> | undefined)?.localCommitteeName?.(committee.committeeId!) ?? null;
  const title = joinedTitle(inv.title ?? localName, committee);
  const checkCode = committeeCheckCode(committee);
  if (params.role === 'relay') {
    const state: RelayState = {
      ...base,
      role: 'relay',
      partyId,
      address,
      requests: { register: null, propose: null },
      attempts: { register: 0, propose: 0 },
      done: { register: base.registrations.some((r) => r.partyId === partyId), propose: false },
      snapshotsSent: { registered: false, finalized: false },
    };
    return {
      ceremonyId: ctx.newCeremonyId(),
      title,
      role: 'relay',
      rehearsal: networkConfig(committee.network).kind === 'rehearsal',
      me: { id: sealParticipantId.relay(partyId), label: `Relay for ${label}` },
      ...step(state, `Joined as the relay of ${label}; committee check code ${checkCode}`),
    };
  }
  const state: MemberState = newMemberState(base, {
    airGapped: params.airGapped,
    partyId,
    address,
    coordinatorCredentialsKey: inv.credentialsKey,
  });
  // A continuing member's share of the current version is usually in this vault already.
  const rot = state.rotation ?? null;
  const found = rot && oldPartyIdOf(rot, address) !== null ? await findOldShare(state, ctx) : null;
  const joined = found ?? state;
  const part = rot
    ? oldPartyIdOf(rot, address) === null
      ? '; joining in this rotation'
      : `; continuing${found ? ', current share found in the vault' : ''}`
    : '';
  return {
    ceremonyId: ctx.newCeremonyId(),
    title,
    role: 'member',
    rehearsal: networkConfig(committee.network).kind === 'rehearsal',
    me: { id: sealParticipantId.member(partyId), label },
    ...step(
      joined,
      `Joined as ${label} (party ${partyId})${params.airGapped ? ', air-gapped' : ''}${part}; committee check code ${checkCode}`,
      {
        artifacts: [memberDkgYamlArtifact(joined)],
      },
    ),
  };
}

/**
 * The committee on chain can still be joined (by `member`, when given: still in registration and
 * that member not registered yet); returns its registrations.
 */
export function openForJoining(
  view: CommitteeView,
  fileName: string,
  member: { partyId: number; address: string } | null,
): RegistrationSnap[] {
  if (view.phase === 'Finalized') {
    throw new CeremonyError(
      'seal/committee-finished',
      `Committee ${shortId(view.id)} has already finished its ceremony: ${fileName} is from an earlier committee. Ask the coordinator for the current invitation.`,
    );
  }
  if (member && view.phase !== 'Init') {
    throw new CeremonyError(
      'seal/registration-closed',
      `Committee ${shortId(view.id)} is past registration, so no member can join it any more.`,
    );
  }
  const regs = registrationsOf(view) ?? [];
  if (member && regs.some((r) => r.partyId === member.partyId)) {
    throw new CeremonyError(
      'seal/already-registered',
      `${member.address} is already registered in this committee, from another install or an earlier attempt: continue the ceremony there (registration cannot be repeated).`,
    );
  }
  return regs;
}

/**
 * A joined ceremony's title: the committee name when it is known (the invitation carries it; a
 * dkg.yaml does not, but a coordinator ceremony in the same install knows it), else the committee id.
 */
export function joinedTitle(name: string | null, committee: Pick<CommitteeInfo, 'committeeId' | 'oldCommitteeId'>): string {
  if (name?.trim()) return name.trim();
  return committee.oldCommitteeId
    ? `Seal key rotation, committee ${shortId(committee.committeeId!)}`
    : `Seal committee ${shortId(committee.committeeId!)}`;
}
