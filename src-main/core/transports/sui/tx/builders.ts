/**
 * Transaction builders for every Move call of the Seal committee ceremony, with the argument
 * order and types of committee.move (reference §3.3). They are pure: every object input is a full
 * reference (shared objects with their initial shared version and mutability, owned objects with
 * version and digest), so nothing here needs a network; gas is left for the online side to fill
 * in when it builds the bytes (see sui-chain.ts).
 */
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../../errors.ts';
import { COMMITTEE_MODULE } from '../type-names.ts';
import type { CeremonyFunction } from '../abi.ts';
import type { BytecodeDump } from './bytecode-dump.ts';

/** A shared object as a transaction input: its id and the version at which it became shared. */
export interface SharedObjectInput {
  objectId: string;
  initialSharedVersion: string | number;
}

/** An owned object as a transaction input, pinned to one version. */
export interface OwnedObjectRef {
  objectId: string;
  version: string | number;
  digest: string;
}

function target(packageId: string, fn: CeremonyFunction): `${string}::${string}::${string}` {
  return `${normalizeSuiAddress(packageId)}::${COMMITTEE_MODULE}::${fn}`;
}

function checkU16(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
    throw new CeremonyError('tx/invalid-argument', `The ${name} must be a whole number from 0 to 65535 (got ${v}).`, { name });
  }
  return v;
}

function checkAddresses(name: string, list: readonly string[]): string[] {
  return list.map((a, i) => {
    if (typeof a !== 'string' || !/^(0x)?[0-9a-fA-F]{1,64}$/.test(a.trim()) || !isValidSuiAddress(normalizeSuiAddress(a.trim()))) {
      throw new CeremonyError('tx/invalid-argument', `Entry ${i + 1} of the ${name} is not a Sui address: "${String(a)}".`, {
        name,
        index: i,
      });
    }
    return normalizeSuiAddress(a.trim());
  });
}

function shared(tx: Transaction, obj: SharedObjectInput, mutable: boolean) {
  return tx.sharedObjectRef({ objectId: normalizeSuiAddress(obj.objectId), initialSharedVersion: obj.initialSharedVersion, mutable });
}

const bytesArg = (tx: Transaction, b: Uint8Array) => tx.pure(bcs.byteVector().serialize(b));
const bytesListArg = (tx: Transaction, list: readonly Uint8Array[]) => tx.pure(bcs.vector(bcs.byteVector()).serialize(list));

/**
 * Publishes the committee package and gives its UpgradeCap to the sender (tx 1 of
 * publish-and-init). `init_committee` must be a separate transaction: a package cannot be called
 * in the transaction that publishes it.
 */
export function buildPublish(input: { dump: BytecodeDump; sender: string }): Transaction {
  const [sender] = checkAddresses('sender', [input.sender]);
  const tx = new Transaction();
  tx.setSender(sender!);
  const cap = tx.publish({ modules: input.dump.modules, dependencies: input.dump.dependencies });
  tx.transferObjects([cap], tx.pure.address(sender!));
  return tx;
}

/** `init_committee(cap: UpgradeCap, threshold: u16, members: vector<address>)`. */
export function buildInitCommittee(input: {
  packageId: string;
  upgradeCap: OwnedObjectRef;
  threshold: number;
  members: readonly string[];
}): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'init_committee'),
    arguments: [
      tx.objectRef({
        objectId: normalizeSuiAddress(input.upgradeCap.objectId),
        version: input.upgradeCap.version,
        digest: input.upgradeCap.digest,
      }),
      tx.pure.u16(checkU16('threshold', input.threshold)),
      tx.pure.vector('address', checkAddresses('member list', input.members)),
    ],
  });
  return tx;
}

/** `init_rotation(old_committee: &Committee, threshold: u16, members: vector<address>)`; the old committee is read-only. */
export function buildInitRotation(input: {
  packageId: string;
  oldCommittee: SharedObjectInput;
  threshold: number;
  members: readonly string[];
}): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'init_rotation'),
    arguments: [
      shared(tx, input.oldCommittee, false),
      tx.pure.u16(checkU16('threshold', input.threshold)),
      tx.pure.vector('address', checkAddresses('member list', input.members)),
    ],
  });
  return tx;
}

/** `register(committee: &mut Committee, enc_pk: vector<u8>, signing_pk: vector<u8>, url: String, name: String)`. */
export function buildRegister(input: {
  packageId: string;
  committee: SharedObjectInput;
  encPk: Uint8Array;
  signingPk: Uint8Array;
  url: string;
  name: string;
}): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'register'),
    arguments: [
      shared(tx, input.committee, true),
      bytesArg(tx, input.encPk),
      bytesArg(tx, input.signingPk),
      tx.pure.string(input.url),
      tx.pure.string(input.name),
    ],
  });
  return tx;
}

/** `propose(committee: &mut Committee, partial_pks: vector<vector<u8>>, pk: vector<u8>, messages_hash: vector<u8>)`. */
export function buildPropose(input: {
  packageId: string;
  committee: SharedObjectInput;
  partialPks: readonly Uint8Array[];
  pk: Uint8Array;
  messagesHash: Uint8Array;
}): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'propose'),
    arguments: [
      shared(tx, input.committee, true),
      bytesListArg(tx, input.partialPks),
      bytesArg(tx, input.pk),
      bytesArg(tx, input.messagesHash),
    ],
  });
  return tx;
}

/**
 * `propose_for_rotation(committee: &mut Committee, partial_pks, messages_hash, old_committee: Committee)`.
 * The old committee is taken BY VALUE, so it must be a mutable shared input: the call either
 * re-shares it or, on the last approval, deletes it.
 */
export function buildProposeForRotation(input: {
  packageId: string;
  committee: SharedObjectInput;
  partialPks: readonly Uint8Array[];
  messagesHash: Uint8Array;
  oldCommittee: SharedObjectInput;
}): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'propose_for_rotation'),
    arguments: [
      shared(tx, input.committee, true),
      bytesListArg(tx, input.partialPks),
      bytesArg(tx, input.messagesHash),
      shared(tx, input.oldCommittee, true),
    ],
  });
  return tx;
}

/** `update_member_url(committee: &mut Committee, url: String)`; after finalization only. */
export function buildUpdateMemberUrl(input: { packageId: string; committee: SharedObjectInput; url: string }): Transaction {
  const tx = new Transaction();
  tx.moveCall({
    target: target(input.packageId, 'update_member_url'),
    arguments: [shared(tx, input.committee, true), tx.pure.string(input.url)],
  });
  return tx;
}
