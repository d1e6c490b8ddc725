/**
 * BCS layouts of the Move types the Seal committee ceremony reads and writes, field for field in
 * declaration order (BCS has no field names, so order is the whole contract):
 *   - `seal_committee::seal_committee` (move/committee/sources/committee.move)
 *   - `seal::key_server` (move/seal/sources/key_server.move)
 *   - the Sui framework wrappers they sit in (UID/ID, VecMap, VecSet, Option, dynamic fields).
 *
 * An object's `content` (what `client.core.getObject({ include: { content: true } })` returns) is
 * the BCS of its Move struct, starting with the 32-byte UID.
 */
import { bcs } from '@mysten/sui/bcs';
import type { BcsType } from '@mysten/sui/bcs';

/** `sui::object::UID` and `sui::object::ID` both serialize as the bare 32-byte address. */
export const UID = bcs.Address;
export const ID = bcs.Address;

/** `sui::vec_map::VecMap<K, V>` = `{ contents: vector<Entry<K, V>> }`, insertion-ordered. */
export function VecMap<K, KI, V, VI>(key: BcsType<K, KI>, value: BcsType<V, VI>) {
  return bcs.struct(`VecMap<${key.name}, ${value.name}>`, {
    contents: bcs.vector(bcs.struct(`Entry<${key.name}, ${value.name}>`, { key, value })),
  });
}

/** `sui::vec_set::VecSet<K>` = `{ contents: vector<K> }`, insertion-ordered. */
export function VecSet<K, KI>(key: BcsType<K, KI>) {
  return bcs.struct(`VecSet<${key.name}>`, { contents: bcs.vector(key) });
}

// ---------------------------------------------------------------- seal_committee::seal_committee

/** `MemberInfo { enc_pk (G1, 48 B), signing_pk (G2, 96 B), url, name }`. */
export const MemberInfo = bcs.struct('MemberInfo', {
  enc_pk: bcs.byteVector(),
  signing_pk: bcs.byteVector(),
  url: bcs.string(),
  name: bcs.string(),
});

export const MembersInfo = VecMap(bcs.Address, MemberInfo);

/** `enum State { Init { members_info }, PostDKG { … }, Finalized }`. */
export const CommitteeState = bcs.enum('State', {
  Init: bcs.struct('State::Init', { members_info: MembersInfo }),
  PostDKG: bcs.struct('State::PostDKG', {
    members_info: MembersInfo,
    partial_pks: bcs.vector(bcs.byteVector()),
    pk: bcs.byteVector(),
    messages_hash: bcs.byteVector(),
    approvals: VecSet(bcs.Address),
  }),
  Finalized: null,
});

/** `Committee has key { id, threshold: u16, members, state, old_committee_id: Option<ID> }`. */
export const Committee = bcs.struct('Committee', {
  id: UID,
  threshold: bcs.u16(),
  members: bcs.vector(bcs.Address),
  state: CommitteeState,
  old_committee_id: bcs.option(ID),
});

/**
 * `UpgradeManagerKey()`: a positional struct with no fields; the Move compiler gives every empty
 * struct a `dummy_field: bool`, so its BCS is the single byte 0x00.
 */
export const UpgradeManagerKey = bcs.struct('UpgradeManagerKey', { dummy_field: bcs.bool() });

/** `PackageDigest(vector<u8>)`: positional, one field. */
export const PackageDigest = bcs.struct('PackageDigest', { pos0: bcs.byteVector() });

export const Vote = bcs.enum('Vote', { Approve: null, Reject: null });

export const UpgradeProposal = bcs.struct('UpgradeProposal', {
  digest: PackageDigest,
  version: bcs.u64(),
  votes: VecMap(bcs.Address, Vote),
});

/** `sui::package::UpgradeCap { id, package: ID, version: u64, policy: u8 }`. */
export const UpgradeCap = bcs.struct('UpgradeCap', {
  id: UID,
  package: ID,
  version: bcs.u64(),
  policy: bcs.u8(),
});

export const UpgradeManager = bcs.struct('UpgradeManager', {
  id: UID,
  cap: UpgradeCap,
  upgrade_proposal: bcs.option(UpgradeProposal),
});

/** Event emitted by `init_rotation` (the contract's only event). */
export const CommitteeRotationInitiated = bcs.struct('CommitteeRotationInitiated', {
  committee_id: ID,
  old_committee_id: ID,
});

// ---------------------------------------------------------------- seal::key_server

export const PartialKeyServer = bcs.struct('PartialKeyServer', {
  name: bcs.string(),
  url: bcs.string(),
  partial_pk: bcs.byteVector(),
  party_id: bcs.u16(),
});

export const ServerType = bcs.enum('ServerType', {
  Independent: bcs.struct('ServerType::Independent', { url: bcs.string() }),
  Committee: bcs.struct('ServerType::Committee', {
    version: bcs.u32(),
    threshold: bcs.u16(),
    partial_key_servers: bcs.vector(PartialKeyServer),
  }),
});

/** `KeyServer has key, store { id, first_version: u64, last_version: u64 }`. */
export const KeyServer = bcs.struct('KeyServer', {
  id: UID,
  first_version: bcs.u64(),
  last_version: bcs.u64(),
});

/** Stored as a dynamic field (not an object field) of KeyServer under key `2u64`. */
export const KeyServerV2 = bcs.struct('KeyServerV2', {
  name: bcs.string(),
  key_type: bcs.u8(),
  pk: bcs.byteVector(),
  server_type: ServerType,
});

/** Key of the KeyServerV2 dynamic field and its only key type (Boneh-Franklin on BLS12-381). */
export const KEY_SERVER_V2_FIELD_KEY = 2n;
export const KEY_TYPE_BONEH_FRANKLIN_BLS12381 = 0;

// ---------------------------------------------------------------- framework wrappers

/** `sui::dynamic_field::Field<Name, Value> { id: UID, name: Name, value: Value }`. */
export function DynamicField<N, NI, V, VI>(name: BcsType<N, NI>, value: BcsType<V, VI>) {
  return bcs.struct(`Field<${name.name}, ${value.name}>`, { id: UID, name, value });
}

/** `sui::dynamic_object_field::Wrapper<Name> { name: Name }`: the key type of every object field. */
export function DofWrapper<N, NI>(name: BcsType<N, NI>) {
  return bcs.struct(`Wrapper<${name.name}>`, { name });
}

/** The committee's KeyServer object field: `Field<Wrapper<ID>, ID>`, value = KeyServer id. */
export const KeyServerFieldOfCommittee = DynamicField(DofWrapper(ID), ID);

/** `sui::coin::Coin<SUI> { id, balance: Balance<SUI> { value: u64 } }`. */
export const GasCoin = bcs.struct('Coin<SUI>', { id: UID, balance: bcs.struct('Balance<SUI>', { value: bcs.u64() }) });

export type CommitteeValue = ReturnType<typeof Committee.parse>;
export type MemberInfoValue = ReturnType<typeof MemberInfo.parse>;
export type KeyServerV2Value = ReturnType<typeof KeyServerV2.parse>;
export type PartialKeyServerValue = ReturnType<typeof PartialKeyServer.parse>;
