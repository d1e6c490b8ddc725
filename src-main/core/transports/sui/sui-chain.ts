/**
 * CommitteeChain over any `@mysten/sui` client with the core API: a real network's SuiGrpcClient
 * or a rehearsal ledger's client. Reads decode the Move objects from their BCS content; writes
 * build with the pure builders, let the client resolve gas online, dry-run to catch aborts before
 * anyone signs, and submit with the sender's own or an imported signature.
 */
import { bcs } from '@mysten/sui/bcs';
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { ObjectError, SimulationError } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase64, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../errors.ts';
import type {
  CeremonyCall,
  ChainTxResult,
  CommitteeChain,
  CommitteeView,
  CreatedObject,
  KeyServerView,
  MemberRegistration,
  PrepareOptions,
  PreparedTransaction,
  RotationInfo,
} from './chain.ts';
import { explainChainError, explainExecutionError } from './chain-errors.ts';
import { unreachable } from './node-errors.ts';
import { Committee, KEY_SERVER_V2_FIELD_KEY, KeyServerFieldOfCommittee, KeyServerV2 } from './move-types.ts';
import { networkLabel, type NetworkConfig } from './network.ts';
import { unsignedTransaction, verifyOfflineSignature, type UnsignedTransaction } from './offline.ts';
import {
  buildInitCommittee,
  buildInitRotation,
  buildPropose,
  buildProposeForRotation,
  buildPublish,
  buildRegister,
  buildUpdateMemberUrl,
  type SharedObjectInput,
} from './tx/builders.ts';
import { describeTransaction } from './tx/describe.ts';
import { isCeremonyFunction } from './abi.ts';
import { COMMITTEE_MODULE, ID_TYPE, KEY_SERVER_MODULE, UPGRADE_CAP_TYPE, dofWrapperType, packageOfType, sameType } from './type-names.ts';

export interface SuiCommitteeChainOptions {
  /** Rehearsal ledgers pass their faucet. */
  faucet?: CommitteeChain['faucet'];
  /** How long to wait for a submitted transaction to be indexed before saying so (ms); default 60 s. */
  waitTimeoutMs?: number;
}

/**
 * An object read that found nothing. Full nodes answer NOT_FOUND for deleted objects too (only
 * JSON-RPC and the rehearsal ledger say "deleted"), so "gone" is decided from chain state by the
 * callers, never from this reason alone.
 */
function isMissing(e: unknown): boolean {
  return e instanceof CeremonyError && (e.code === 'chain/object-deleted' || e.code === 'chain/object-not-found');
}

/** A dynamic field lookup that found no field (as opposed to a node that could not answer). */
function isNoSuchField(e: unknown): boolean {
  return e instanceof ObjectError && (e.reason === 'notFound' || e.reason === 'deleted');
}

type ObjectWithContent = SuiClientTypes.Object<{ content: true }>;

export class SuiCommitteeChain implements CommitteeChain {
  readonly label: string;
  readonly faucet?: CommitteeChain['faucet'];
  private readonly waitTimeoutMs: number;

  constructor(
    readonly client: ClientWithCoreApi,
    readonly network: NetworkConfig,
    opts: SuiCommitteeChainOptions = {},
  ) {
    this.label = networkLabel(network);
    if (opts.faucet) this.faucet = opts.faucet;
    this.waitTimeoutMs = opts.waitTimeoutMs ?? 60_000;
  }

  // ------------------------------------------------------------------ reads

  private async object(id: string, what: string): Promise<ObjectWithContent> {
    const objectId = normalizeSuiAddress(id);
    try {
      return (await this.client.core.getObject({ objectId, include: { content: true } })).object;
    } catch (e) {
      if (e instanceof ObjectError && e.reason === 'deleted') {
        throw new CeremonyError(
          'chain/object-deleted',
          `The ${what} ${objectId} no longer exists on ${this.label}: it was replaced or consumed.`,
          { objectId },
        );
      }
      if (isNoSuchField(e)) {
        throw new CeremonyError(
          'chain/object-not-found',
          `There is no ${what} ${objectId} on ${this.label}: check the id and that the right network is selected.`,
          { objectId },
        );
      }
      throw unreachable(`the ${what} ${objectId}`, this.label, e, { objectId });
    }
  }

  async getCommittee(committeeId: string): Promise<CommitteeView> {
    const o = await this.object(committeeId, 'committee');
    const packageId = packageOfType(o.type, COMMITTEE_MODULE, 'Committee');
    if (!packageId || o.owner.$kind !== 'Shared') {
      throw new CeremonyError('chain/not-a-committee', `Object ${o.objectId} is not a Seal committee (its type is ${o.type}).`, {
        objectId: o.objectId,
      });
    }
    const c = Committee.parse(o.content);
    const info = c.state.Init?.members_info ?? c.state.PostDKG?.members_info ?? null;
    const registrations: MemberRegistration[] | null = info
      ? info.contents.map((e) => ({
          address: e.key,
          partyId: c.members.indexOf(e.key),
          encPk: Uint8Array.from(e.value.enc_pk),
          signingPk: Uint8Array.from(e.value.signing_pk),
          url: e.value.url,
          name: e.value.name,
        }))
      : null;
    const post = c.state.PostDKG;
    return {
      id: normalizeSuiAddress(c.id),
      packageId,
      version: o.version,
      // JSON-RPC nodes send a number here, gRPC and the ledger a string.
      initialSharedVersion: String(o.owner.Shared.initialSharedVersion),
      threshold: c.threshold,
      members: c.members,
      phase: c.state.$kind,
      registrations,
      proposal: post
        ? {
            partialPks: post.partial_pks.map((p) => Uint8Array.from(p)),
            pk: Uint8Array.from(post.pk),
            messagesHash: Uint8Array.from(post.messages_hash),
            approvals: post.approvals.contents,
          }
        : null,
      oldCommitteeId: c.old_committee_id ? normalizeSuiAddress(c.old_committee_id) : null,
    };
  }

  async getKeyServerIdOfCommittee(committeeId: string): Promise<string | null> {
    const committee = await this.getCommittee(committeeId);
    try {
      const { dynamicField } = await this.client.core.getDynamicField({
        parentId: committee.id,
        name: { type: dofWrapperType(ID_TYPE), bcs: bcs.Address.serialize(committee.id).toBytes() },
      });
      return normalizeSuiAddress(dynamicField.childId ?? bcs.Address.parse(dynamicField.value.bcs));
    } catch (e) {
      if (isNoSuchField(e)) return null; // not finalized (or rotated away)
      throw unreachable(`the key server of committee ${committee.id}`, this.label, e, { committeeId: committee.id });
    }
  }

  async getKeyServer(keyServerId: string): Promise<KeyServerView> {
    const o = await this.object(keyServerId, 'key server');
    const sealPackageId = packageOfType(o.type, KEY_SERVER_MODULE, 'KeyServer');
    if (!sealPackageId)
      throw new CeremonyError('chain/not-a-key-server', `Object ${o.objectId} is not a Seal key server (its type is ${o.type}).`, {
        objectId: o.objectId,
      });
    let field;
    try {
      field = (
        await this.client.core.getDynamicField({
          parentId: o.objectId,
          name: { type: 'u64', bcs: bcs.u64().serialize(KEY_SERVER_V2_FIELD_KEY).toBytes() },
        })
      ).dynamicField;
    } catch (e) {
      if (!isNoSuchField(e)) throw unreachable(`the data of key server ${o.objectId}`, this.label, e, { objectId: o.objectId });
      throw new CeremonyError(
        'chain/not-a-committee-key-server',
        `Key server ${o.objectId} has no version-2 data, so it is not a committee key server.`,
        { objectId: o.objectId },
      );
    }
    const v2 = KeyServerV2.parse(field.value.bcs);
    const committee = v2.server_type.Committee;
    if (!committee)
      throw new CeremonyError(
        'chain/not-a-committee-key-server',
        `Key server ${o.objectId} is an independent key server, not a committee one.`,
        { objectId: o.objectId },
      );
    return {
      id: o.objectId,
      sealPackageId,
      name: v2.name,
      keyType: v2.key_type,
      pk: Uint8Array.from(v2.pk),
      version: committee.version,
      threshold: committee.threshold,
      partialKeyServers: committee.partial_key_servers.map((p) => ({
        name: p.name,
        url: p.url,
        partialPk: Uint8Array.from(p.partial_pk),
        partyId: p.party_id,
      })),
    };
  }

  async getCommitteeOfKeyServer(keyServerId: string): Promise<{ committeeId: string; packageId: string }> {
    const ks = await this.object(keyServerId, 'key server');
    if (!packageOfType(ks.type, KEY_SERVER_MODULE, 'KeyServer')) {
      throw new CeremonyError('chain/not-a-key-server', `Object ${ks.objectId} is not a Seal key server (its type is ${ks.type}).`, {
        objectId: ks.objectId,
      });
    }
    const notHeld = () =>
      new CeremonyError(
        'chain/key-server-not-in-committee',
        `Key server ${ks.objectId} is not held by a committee, so it cannot be rotated.`,
        { objectId: ks.objectId },
      );
    if (ks.owner.$kind !== 'ObjectOwner') throw notHeld();
    const field = await this.object(ks.owner.ObjectOwner, 'key server field');
    let parsed;
    try {
      parsed = KeyServerFieldOfCommittee.parse(field.content);
    } catch {
      throw notHeld();
    }
    const committeeId = normalizeSuiAddress(parsed.name.name);
    if (
      normalizeSuiAddress(parsed.value) !== ks.objectId ||
      field.owner.$kind !== 'ObjectOwner' ||
      normalizeSuiAddress(field.owner.ObjectOwner) !== committeeId
    ) {
      throw notHeld();
    }
    const committee = await this.getCommittee(committeeId);
    return { committeeId, packageId: committee.packageId };
  }

  async getRotationInfo(committeeId: string): Promise<RotationInfo> {
    const c = await this.getCommittee(committeeId);
    if (!c.oldCommitteeId) return { kind: 'fresh', nextVersion: 0 };
    let old: CommitteeView;
    try {
      old = await this.getCommittee(c.oldCommitteeId);
    } catch (e) {
      // The old committee's id comes from the rotation committee on chain, so it existed: if it
      // cannot be found now (a gRPC full node says NOT_FOUND, JSON-RPC says deleted) it is gone.
      if (!isMissing(e)) throw e;
      if (c.phase !== 'Finalized') {
        throw new CeremonyError(
          'chain/rotation-stranded',
          `The old committee ${c.oldCommitteeId} no longer exists but this rotation never finalized: another rotation replaced it. Start a new rotation from the key server.`,
          { committeeId: c.id, oldCommitteeId: c.oldCommitteeId },
        );
      }
      const keyServerId = await this.getKeyServerIdOfCommittee(c.id);
      const version = keyServerId ? (await this.getKeyServer(keyServerId)).version : -1;
      return { kind: 'rotation-finalized', version, keyServerId };
    }
    const keyServerId = await this.getKeyServerIdOfCommittee(old.id);
    if (!keyServerId) {
      throw new CeremonyError('chain/no-key-server', `The old committee ${old.id} holds no key server, so it cannot be rotated.`, {
        committeeId: old.id,
      });
    }
    const ks = await this.getKeyServer(keyServerId);
    return {
      kind: 'rotation',
      nextVersion: ks.version + 1,
      oldCommitteeId: old.id,
      keyServerId,
      oldPk: ks.pk,
      oldThreshold: old.threshold,
      oldMembers: old.members,
      oldPartialPks: ks.partialKeyServers.map((p) => p.partialPk),
    };
  }

  async getBalance(address: string): Promise<bigint> {
    try {
      return BigInt((await this.client.core.getBalance({ owner: normalizeSuiAddress(address) })).balance.balance);
    } catch (e) {
      throw unreachable('the balance', this.label, e);
    }
  }

  // ------------------------------------------------------------------ writes

  private sharedRef(c: CommitteeView): SharedObjectInput {
    return { objectId: c.id, initialSharedVersion: c.initialSharedVersion };
  }

  private checkPackage(given: string | undefined, c: CommitteeView): string {
    if (given !== undefined && normalizeSuiAddress(given) !== c.packageId) {
      throw new CeremonyError(
        'chain/package-mismatch',
        `The invitation names package ${normalizeSuiAddress(given)}, but committee ${c.id} belongs to package ${c.packageId}: the dkg.yaml is stale or from another committee.`,
        { committeeId: c.id, packageId: c.packageId },
      );
    }
    return c.packageId;
  }

  private async build(call: CeremonyCall, sender: string): Promise<Transaction> {
    switch (call.kind) {
      case 'publish':
        return buildPublish({ dump: call.dump, sender });
      case 'init_committee': {
        const cap = await this.object(call.upgradeCapId, 'UpgradeCap');
        if (!sameType(cap.type, UPGRADE_CAP_TYPE))
          throw new CeremonyError('chain/not-an-upgrade-cap', `Object ${cap.objectId} is not an UpgradeCap.`, { objectId: cap.objectId });
        if (cap.owner.$kind !== 'AddressOwner' || normalizeSuiAddress(cap.owner.AddressOwner) !== sender) {
          throw new CeremonyError(
            'chain/upgrade-cap-not-owned',
            `The UpgradeCap ${cap.objectId} does not belong to ${sender}, who must send init_committee.`,
            { objectId: cap.objectId },
          );
        }
        return buildInitCommittee({
          packageId: call.packageId,
          upgradeCap: { objectId: cap.objectId, version: cap.version, digest: cap.digest },
          threshold: call.threshold,
          members: call.members,
        });
      }
      case 'init_rotation': {
        const old = await this.getCommittee(call.oldCommitteeId);
        const packageId = this.checkPackage(call.packageId, old);
        // Refuse before any transaction, with the numbers (the contract would abort the same way).
        if (old.phase !== 'Finalized') {
          throw new CeremonyError(
            'chain-abort/EInvalidState',
            `Committee ${old.id} is not finalized yet, so it cannot be rotated: finish its ceremony first.`,
            {
              committeeId: old.id,
            },
          );
        }
        if (!old.members.includes(sender)) {
          throw new CeremonyError(
            'chain-abort/ENotMember',
            `Only a member of the current committee can start a rotation, and ${sender} is not one of its ${old.members.length} members: switch to a current member's address.`,
            { sender, committeeId: old.id },
          );
        }
        const continuing = call.members.filter((m) => old.members.includes(normalizeSuiAddress(m))).length;
        if (continuing < old.threshold) {
          throw new CeremonyError(
            'chain-abort/EInsufficientOldMembers',
            `Only ${continuing} member(s) of the current committee continue, but at least ${old.threshold} (its threshold) must: keep more current members in the new committee.`,
            { continuing, required: old.threshold },
          );
        }
        return buildInitRotation({ packageId, oldCommittee: this.sharedRef(old), threshold: call.threshold, members: call.members });
      }
      case 'register': {
        const c = await this.getCommittee(call.committeeId);
        return buildRegister({
          packageId: this.checkPackage(call.packageId, c),
          committee: this.sharedRef(c),
          encPk: call.encPk,
          signingPk: call.signingPk,
          url: call.url,
          name: call.name,
        });
      }
      case 'propose': {
        const c = await this.getCommittee(call.committeeId);
        return buildPropose({
          packageId: this.checkPackage(call.packageId, c),
          committee: this.sharedRef(c),
          partialPks: call.partialPks,
          pk: call.pk,
          messagesHash: call.messagesHash,
        });
      }
      case 'propose_for_rotation': {
        const c = await this.getCommittee(call.committeeId);
        const oldId = call.oldCommitteeId ?? c.oldCommitteeId;
        if (!oldId)
          throw new CeremonyError('chain/not-a-rotation', `Committee ${c.id} is a fresh committee, not a rotation; use propose.`, {
            committeeId: c.id,
          });
        let old: CommitteeView;
        try {
          old = await this.getCommittee(oldId);
        } catch (e) {
          // Deleted (JSON-RPC, ledger), or not found while this rotation is finalized (gRPC).
          if ((e instanceof CeremonyError && e.code === 'chain/object-deleted') || (isMissing(e) && c.phase === 'Finalized')) {
            throw new CeremonyError(
              'chain/object-deleted',
              'The old committee no longer exists: the rotation has already been finalized, so there is nothing left to propose; check the committee on the dashboard.',
              { committeeId: c.id, oldCommitteeId: oldId },
            );
          }
          throw e;
        }
        return buildProposeForRotation({
          packageId: this.checkPackage(call.packageId, c),
          committee: this.sharedRef(c),
          partialPks: call.partialPks,
          messagesHash: call.messagesHash,
          oldCommittee: this.sharedRef(old),
        });
      }
      case 'update_member_url': {
        const c = await this.getCommittee(call.committeeId);
        return buildUpdateMemberUrl({ packageId: this.checkPackage(call.packageId, c), committee: this.sharedRef(c), url: call.url });
      }
    }
  }

  async estimateGasBudget(call: CeremonyCall, sender: string): Promise<bigint> {
    const from = normalizeSuiAddress(sender);
    const tx = await this.build(call, from);
    tx.setSender(from);
    // An explicit empty payment skips the choice of gas coins (which fails for an empty account);
    // the budget is still estimated from the build's dry run, as `prepare` does. Never submitted.
    tx.setGasPayment([]);
    let bytes: Uint8Array;
    try {
      bytes = await tx.build({ client: this.client });
    } catch (e) {
      throw explainChainError(e, call.kind, 'prepare', this.label);
    }
    return BigInt(describeTransaction(bytes).gas.budget);
  }

  async prepare(call: CeremonyCall, sender: string, opts: PrepareOptions = {}): Promise<PreparedTransaction> {
    const from = normalizeSuiAddress(sender);
    const tx = await this.build(call, from);
    tx.setSender(from);
    if (opts.gasBudget !== undefined) tx.setGasBudget(opts.gasBudget);
    let bytes: Uint8Array;
    try {
      bytes = await tx.build({ client: this.client });
    } catch (e) {
      throw explainChainError(e, call.kind, 'prepare', this.label);
    }
    // Without an explicit budget the build already dry-ran the transaction to estimate gas (the
    // SDK's resolver and gRPC's server-side gas selection both do), and reported any abort.
    if (opts.dryRun !== false && opts.gasBudget !== undefined) {
      let sim;
      try {
        sim = await this.client.core.simulateTransaction({ transaction: bytes });
      } catch (e) {
        throw explainChainError(e, call.kind, 'prepare', this.label);
      }
      if (sim.$kind === 'FailedTransaction') {
        throw explainChainError(
          new SimulationError('dry run failed', { executionError: sim.FailedTransaction.status.error! }),
          call.kind,
          'prepare',
          this.label,
        );
      }
    }
    return { ...unsignedTransaction(bytes), call: call.kind, network: this.label, description: describeTransaction(bytes) };
  }

  async execute(call: CeremonyCall, signer: Signer, opts: PrepareOptions = {}): Promise<ChainTxResult> {
    const prepared = await this.prepare(call, signer.toSuiAddress(), opts);
    const bytes = fromBase64(prepared.bytes);
    const { signature } = await signer.signTransaction(bytes);
    return this.submit(bytes, signature, call.kind);
  }

  async submitSigned(
    prepared: PreparedTransaction | UnsignedTransaction,
    signature: string,
    expectedSender?: string,
  ): Promise<ChainTxResult> {
    const bytes = fromBase64(prepared.bytes);
    const digest = TransactionDataBuilder.getDigestFromBytes(bytes);
    if (digest !== prepared.digest) {
      throw new CeremonyError(
        'offline-signature/digest-mismatch',
        `The prepared transaction's bytes have digest ${digest}, not ${prepared.digest}: the file was altered or mixed up.`,
      );
    }
    const sig = await verifyOfflineSignature(bytes, signature, expectedSender ?? prepared.sender);
    return this.submit(bytes, sig, 'call' in prepared ? prepared.call : ceremonyCallOf(bytes));
  }

  /**
   * A transaction that pays gas from the address balance (no gas coins) carries an epoch window
   * and expires after about a day. Refuse it here, with the reason, rather than let the node
   * answer with a bare rejection; the person prepares the step again.
   */
  private async checkNotExpired(bytes: Uint8Array): Promise<void> {
    const until = describeTransaction(bytes).validUntilEpoch;
    if (until === null) return;
    let epoch: string | null;
    try {
      epoch = (await this.client.core.getCurrentSystemState()).systemState.epoch;
    } catch (e) {
      throw unreachable('the current epoch', this.label, e);
    }
    if (epoch !== null && BigInt(epoch) > BigInt(until)) {
      throw new CeremonyError(
        'chain/transaction-expired',
        `This transaction was valid until the end of epoch ${until} and ${this.label} is now in epoch ${epoch}, so it can no longer run: prepare the step again and sign the new transaction.`,
        { validUntilEpoch: until, epoch },
      );
    }
  }

  private async submit(bytes: Uint8Array, signature: string, call: CeremonyCall['kind']): Promise<ChainTxResult> {
    await this.checkNotExpired(bytes);
    let result;
    try {
      result = await this.client.core.executeTransaction({
        transaction: bytes,
        signatures: [signature],
        include: { effects: true, objectTypes: true },
      });
    } catch (e) {
      throw explainChainError(e, call, 'submit', this.label);
    }
    if (result.$kind === 'FailedTransaction') throw explainExecutionError(result.FailedTransaction.status.error!, call);
    // Reads right after must see the transaction (full nodes index asynchronously).
    try {
      await this.client.core.waitForTransaction({ result, timeout: this.waitTimeoutMs });
    } catch (e) {
      const digest = result.Transaction.digest;
      throw new CeremonyError(
        'chain/confirmation-timeout',
        `Transaction ${digest} was accepted by ${this.label}, but the node did not show it within ${Math.round(this.waitTimeoutMs / 1000)} s (${e instanceof Error ? e.message : String(e)}): refresh in a moment; submitting it again is safe (a transaction runs at most once).`,
        { digest, call, retryable: true },
      );
    }
    const tx = result.Transaction;
    const created: CreatedObject[] = tx.effects.changedObjects
      .filter((c) => c.idOperation === 'Created')
      .map((c) => ({
        objectId: normalizeSuiAddress(c.objectId),
        // One spelling whichever client answered (JSON-RPC normalizes, gRPC and the ledger may not).
        type: c.outputState === 'PackageWrite' ? 'package' : typeName(tx.objectTypes[c.objectId]),
      }));
    return {
      digest: tx.digest,
      call,
      created,
      packageId: created.find((c) => c.type === 'package')?.objectId ?? null,
      upgradeCapId: created.find((c) => sameType(c.type, UPGRADE_CAP_TYPE))?.objectId ?? null,
      committeeId: created.find((c) => packageOfType(c.type, COMMITTEE_MODULE, 'Committee') !== null)?.objectId ?? null,
      keyServerId: created.find((c) => packageOfType(c.type, KEY_SERVER_MODULE, 'KeyServer') !== null)?.objectId ?? null,
    };
  }
}

function typeName(type: string | undefined): string {
  return type?.includes('::') ? normalizeStructTag(type) : (type ?? '');
}

/** Which ceremony step a transaction made elsewhere (e.g. by seal-committee-cli --unsigned) is, for error wording. */
function ceremonyCallOf(bytes: Uint8Array): CeremonyCall['kind'] {
  const commands = describeTransaction(bytes).commands;
  if (commands.some((c) => c.kind === 'publish')) return 'publish';
  const call = commands.find((c) => c.kind === 'move-call' && c.committeeCall);
  if (call?.kind === 'move-call' && isCeremonyFunction(call.function)) return call.function;
  throw new CeremonyError(
    'tx/not-a-ceremony-transaction',
    'This transaction is not one of the committee ceremony steps, so the app will not submit it.',
  );
}
