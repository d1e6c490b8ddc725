/**
 * Model of `seal_committee::seal_committee` (move/committee/sources/committee.move): the ceremony
 * functions with every check in the contract's order, so the same input aborts with the same code
 * as on chain. Objects live in the transaction overlay as BCS; each function parses what it reads
 * and serializes what it writes, so reads through the client see exactly the on-chain layout.
 */
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress, toBase64, toHex } from '@mysten/sui/utils';
import { moveAbort } from './failures.ts';
import { assertGroupElement, assertNoDuplicates, bytesEqual } from './framework.ts';
import type { KeyServerModule } from './key-server-module.ts';
import type { TxOverlay } from './overlay.ts';
import type { StoredEvent } from './state.ts';
import {
  Committee,
  CommitteeRotationInitiated,
  UpgradeCap,
  UpgradeManager,
  type CommitteeValue,
  type MemberInfoValue,
  type PartialKeyServerValue,
} from '../move-types.ts';
import { COMMITTEE_MODULE, ID_TYPE, committeeType, rotationEventType, upgradeManagerKeyType, upgradeManagerType } from '../type-names.ts';

export const COMMITTEE_ABORTS = {
  ENotMember: 0,
  EInvalidMembers: 1,
  EInvalidThreshold: 2,
  EInsufficientOldMembers: 3,
  EAlreadyRegistered: 4,
  ENotRegistered: 5,
  EAlreadyProposed: 6,
  EInvalidProposal: 7,
  EInvalidState: 8,
  ENameAlreadyTaken: 9,
  ENotAuthorized: 10,
  EInvalidPackageDigest: 11,
  ENoProposalForDigest: 12,
  ENotEnoughVotes: 13,
  EWrongVersion: 14,
  EWrongUpgradeCap: 15,
} as const;
export type CommitteeAbortName = keyof typeof COMMITTEE_ABORTS;

const UPGRADE_MANAGER_KEY = new Uint8Array([0]); // UpgradeManagerKey() = { dummy_field: false }
const U16_MAX = 0xffff;

export interface CommitteeCallContext {
  sender: string;
  /** The package the call targets (its original id: packages on the ledger are never upgraded). */
  packageId: string;
  overlay: TxOverlay;
  keyServer: KeyServerModule;
  emit(event: StoredEvent): void;
}

type MembersInfo = { contents: { key: string; value: MemberInfoValue }[] };

export class CommitteeModule {
  constructor(private readonly ctx: CommitteeCallContext) {}

  private abort(fn: string, code: CommitteeAbortName): never {
    throw moveAbort(this.ctx.packageId, COMMITTEE_MODULE, fn, COMMITTEE_ABORTS[code]);
  }

  private load(id: string): CommitteeValue {
    return this.ctx.overlay.read(id, Committee);
  }

  private save(c: CommitteeValue): void {
    this.ctx.overlay.write(c.id, Committee.serialize(c).toBytes());
  }

  private isFinalized(c: CommitteeValue): boolean {
    return c.state.$kind === 'Finalized';
  }

  /** `init_internal`: threshold > 1, fewer than u16::MAX members, members ≥ threshold, no duplicates. */
  private initInternal(threshold: number, members: string[], oldCommitteeId: string | null): CommitteeValue {
    if (!(threshold > 1)) this.abort('init_internal', 'EInvalidThreshold');
    if (!(members.length < U16_MAX)) this.abort('init_internal', 'EInvalidMembers');
    if (!(members.length >= threshold)) this.abort('init_internal', 'EInvalidThreshold');
    assertNoDuplicates(members);
    return {
      id: this.ctx.overlay.freshId(),
      threshold,
      members,
      state: { $kind: 'Init', Init: { members_info: { contents: [] } } },
      old_committee_id: oldCommitteeId,
    } as CommitteeValue;
  }

  private share(c: CommitteeValue): void {
    this.ctx.overlay.create(c.id, {
      type: committeeType(this.ctx.packageId),
      isGasCoin: false,
      hasPublicTransfer: false,
      owner: { Shared: { initialSharedVersion: 'pending' } },
      contents: toBase64(Committee.serialize(c).toBytes()),
    });
  }

  /** `init_committee(cap, threshold, members)`: consumes (wraps) the UpgradeCap into the UpgradeManager. */
  initCommittee(capId: string, threshold: number, members: string[]): void {
    const cap = this.ctx.overlay.read(capId, UpgradeCap);
    if (normalizeSuiAddress(cap.package) !== normalizeSuiAddress(this.ctx.packageId)) this.abort('init_committee', 'EWrongUpgradeCap');
    const committee = this.initInternal(threshold, members, null);
    this.share(committee);

    const managerId = this.ctx.overlay.freshId();
    this.ctx.overlay.create(managerId, {
      type: upgradeManagerType(this.ctx.packageId),
      isGasCoin: false,
      hasPublicTransfer: true,
      owner: { AddressOwner: managerId },
      contents: toBase64(UpgradeManager.serialize({ id: managerId, cap, upgrade_proposal: null }).toBytes()),
    });
    this.ctx.overlay.remove(capId, 'wrapped');
    this.ctx.overlay.addObjectField(committee.id, upgradeManagerKeyType(this.ctx.packageId), UPGRADE_MANAGER_KEY, managerId);
  }

  /** `init_rotation(&old_committee, threshold, members)`. */
  initRotation(oldCommitteeId: string, threshold: number, members: string[]): void {
    const old = this.load(oldCommitteeId);
    if (!this.isFinalized(old)) this.abort('init_rotation', 'EInvalidState');
    const sender = normalizeSuiAddress(this.ctx.sender);
    if (!old.members.includes(sender)) this.abort('init_rotation', 'ENotMember');
    const continuing = members.filter((m) => old.members.includes(m)).length;
    if (!(continuing >= old.threshold)) this.abort('init_rotation', 'EInsufficientOldMembers');

    const committee = this.initInternal(threshold, members, old.id);
    this.ctx.emit({
      packageId: normalizeSuiAddress(this.ctx.packageId),
      module: COMMITTEE_MODULE,
      sender,
      eventType: rotationEventType(this.ctx.packageId),
      bcs: toBase64(CommitteeRotationInitiated.serialize({ committee_id: committee.id, old_committee_id: old.id }).toBytes()),
    });
    this.share(committee);
  }

  /** `register(committee, enc_pk, signing_pk, url, name)`: once per member, in Init, with a unique name. */
  register(committeeId: string, encPk: Uint8Array, signingPk: Uint8Array, url: string, name: string): void {
    assertGroupElement('G1', encPk);
    assertGroupElement('G2', signingPk);
    const c = this.load(committeeId);
    const sender = normalizeSuiAddress(this.ctx.sender);
    if (!c.members.includes(sender)) this.abort('register', 'ENotMember');
    if (c.state.$kind !== 'Init') this.abort('register', 'EInvalidState');
    const info = c.state.Init!.members_info.contents;
    if (info.some((e) => e.key === sender)) this.abort('register', 'EAlreadyRegistered');
    if (info.some((e) => e.value.name === name)) this.abort('register', 'ENameAlreadyTaken');
    info.push({ key: sender, value: { enc_pk: encPk, signing_pk: signingPk, url, name } });
    this.save(c);
  }

  /** `propose(committee, partial_pks, pk, messages_hash)`: fresh DKG only; finalizes on the n-th approval. */
  propose(committeeId: string, partialPks: Uint8Array[], pk: Uint8Array, messagesHash: Uint8Array): void {
    const c = this.load(committeeId);
    if (c.old_committee_id !== null) this.abort('propose', 'EInvalidState');
    this.proposeInternal(c, partialPks, pk, messagesHash);
    this.tryFinalize(c);
    this.save(c);
  }

  /**
   * `propose_for_rotation(committee, partial_pks, messages_hash, old_committee)`: takes the key
   * server off the old committee, records the proposal with the old key's pk, and either puts the
   * key server back (not everyone approved yet) or moves it and the UpgradeManager to the new
   * committee and deletes the old one.
   */
  proposeForRotation(committeeId: string, partialPks: Uint8Array[], messagesHash: Uint8Array, oldCommitteeId: string): void {
    const c = this.load(committeeId);
    const old = this.load(oldCommitteeId);
    this.checkRotationConsistency(c, old);
    const keyServerId = this.ctx.overlay.removeObjectField(old.id, ID_TYPE, bcs.Address.serialize(old.id).toBytes());
    this.proposeInternal(c, partialPks, this.ctx.keyServer.pk(keyServerId), messagesHash);
    this.tryFinalizeForRotation(c, old, keyServerId);
  }

  /** `update_member_url(committee, url)`: the sender's partial key server url, after finalization. */
  updateMemberUrl(committeeId: string, url: string): void {
    const c = this.load(committeeId);
    const sender = normalizeSuiAddress(this.ctx.sender);
    if (!c.members.includes(sender)) this.abort('update_member_url', 'ENotMember');
    const partyId = c.members.indexOf(sender);
    const keyServerId = this.ctx.overlay.objectFieldChild(c.id, ID_TYPE, bcs.Address.serialize(c.id).toBytes(), 'borrow_mut');
    this.ctx.overlay.touch(c.id);
    this.ctx.keyServer.updateMemberUrl(keyServerId, url, partyId);
  }

  // ------------------------------------------------------------ internals

  private proposeInternal(c: CommitteeValue, partialPks: Uint8Array[], pk: Uint8Array, messagesHash: Uint8Array): void {
    assertGroupElement('G2', pk);
    for (const p of partialPks) assertGroupElement('G2', p);
    const sender = normalizeSuiAddress(this.ctx.sender);
    if (!c.members.includes(sender)) this.abort('propose_internal', 'ENotMember');
    if (partialPks.length !== c.members.length) this.abort('propose_internal', 'EInvalidProposal');

    if (c.state.$kind === 'Init') {
      const membersInfo = c.state.Init!.members_info;
      if (membersInfo.contents.length !== c.members.length) this.abort('propose_internal', 'ENotRegistered');
      c.state = {
        $kind: 'PostDKG',
        PostDKG: { members_info: membersInfo, partial_pks: partialPks, pk, messages_hash: messagesHash, approvals: { contents: [sender] } },
      } as CommitteeValue['state'];
    } else if (c.state.$kind === 'PostDKG') {
      const s = c.state.PostDKG!;
      const samePartials = partialPks.length === s.partial_pks.length && partialPks.every((p, i) => bytesEqual(p, s.partial_pks[i]!));
      if (!samePartials) this.abort('propose_internal', 'EInvalidProposal');
      if (!bytesEqual(pk, s.pk)) this.abort('propose_internal', 'EInvalidProposal');
      if (!bytesEqual(messagesHash, s.messages_hash)) this.abort('propose_internal', 'EInvalidProposal');
      if (s.approvals.contents.includes(sender)) this.abort('propose_internal', 'EAlreadyProposed');
      s.approvals.contents.push(sender);
    } else {
      this.abort('propose_internal', 'EInvalidState');
    }
  }

  private buildPartialKeyServers(c: CommitteeValue, membersInfo: MembersInfo, partialPks: Uint8Array[]): PartialKeyServerValue[] {
    const fn = 'build_partial_key_servers';
    if (!(c.members.length > 0)) this.abort(fn, 'EInvalidMembers');
    if (c.members.length !== partialPks.length) this.abort(fn, 'EInvalidMembers');
    if (c.members.length !== membersInfo.contents.length) this.abort(fn, 'EInvalidMembers');
    return c.members.map((member, i) => {
      const info: MemberInfoValue | undefined = membersInfo.contents.find((e) => e.key === member)?.value;
      // vec_map::get aborts with EKeyDoesNotExist (1) when a member has no entry.
      if (!info) throw moveAbort('0x2', 'vec_map', 'get', 1);
      return this.ctx.keyServer.createPartialKeyServer(info.name, info.url, partialPks[i]!, i);
    });
  }

  /** `try_finalize`: on the n-th approval, create the KeyServer and attach it under key = committee id. */
  private tryFinalize(c: CommitteeValue): void {
    if (c.old_committee_id !== null) this.abort('try_finalize', 'EInvalidState');
    if (c.state.$kind !== 'PostDKG') this.abort('try_finalize', 'EInvalidState');
    const s = c.state.PostDKG!;
    if (s.approvals.contents.length !== c.members.length) return;
    const partials = this.buildPartialKeyServers(c, s.members_info, s.partial_pks);
    // `address::to_string`: 64 lowercase hex digits, no 0x.
    const name = toHex(bcs.Address.serialize(c.id).toBytes());
    const ksId = this.ctx.keyServer.createCommitteeV2(name, c.threshold, s.pk, partials);
    this.ctx.overlay.addObjectField(c.id, ID_TYPE, bcs.Address.serialize(c.id).toBytes(), ksId);
    c.state = { $kind: 'Finalized', Finalized: true } as CommitteeValue['state'];
  }

  private tryFinalizeForRotation(c: CommitteeValue, old: CommitteeValue, keyServerId: string): void {
    this.checkRotationConsistency(c, old);
    if (c.state.$kind !== 'PostDKG') this.abort('try_finalize_for_rotation', 'EInvalidState');
    const s = c.state.PostDKG!;
    const overlay = this.ctx.overlay;
    if (s.approvals.contents.length !== c.members.length) {
      // Not everyone yet: the key server goes back and the old committee is shared again.
      overlay.addObjectField(old.id, ID_TYPE, bcs.Address.serialize(old.id).toBytes(), keyServerId);
      overlay.touch(old.id);
      this.save(c);
      return;
    }
    const partials = this.buildPartialKeyServers(c, s.members_info, s.partial_pks);
    this.ctx.keyServer.updatePartialKeyServers(keyServerId, c.threshold, partials);
    overlay.addObjectField(c.id, ID_TYPE, bcs.Address.serialize(c.id).toBytes(), keyServerId);

    const managerId = overlay.removeObjectField(old.id, upgradeManagerKeyType(this.ctx.packageId), UPGRADE_MANAGER_KEY);
    const manager = overlay.read(managerId, UpgradeManager);
    overlay.write(managerId, UpgradeManager.serialize({ ...manager, upgrade_proposal: null }).toBytes());
    overlay.addObjectField(c.id, upgradeManagerKeyType(this.ctx.packageId), UPGRADE_MANAGER_KEY, managerId);

    c.state = { $kind: 'Finalized', Finalized: true } as CommitteeValue['state'];
    this.save(c);
    overlay.remove(old.id, 'deleted');
  }

  /** `check_rotation_consistency`: this is a rotation committee, of exactly that old committee, which is finalized. */
  private checkRotationConsistency(c: CommitteeValue, old: CommitteeValue): void {
    const fn = 'check_rotation_consistency';
    if (c.old_committee_id === null) this.abort(fn, 'EInvalidState');
    if (normalizeSuiAddress(old.id) !== normalizeSuiAddress(c.old_committee_id)) this.abort(fn, 'EInvalidState');
    if (!this.isFinalized(old)) this.abort(fn, 'EInvalidState');
  }
}
