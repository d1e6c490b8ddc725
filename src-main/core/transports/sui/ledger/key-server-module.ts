/**
 * Model of the `seal::key_server` functions the committee contract calls
 * (move/seal/sources/key_server.move), check for check and abort code for abort code.
 */
import { bcs } from '@mysten/sui/bcs';
import { toBase64 } from '@mysten/sui/utils';
import { moveAbort } from './failures.ts';
import { assertGroupElement } from './framework.ts';
import type { TxOverlay } from './overlay.ts';
import {
  KEY_SERVER_V2_FIELD_KEY,
  KEY_TYPE_BONEH_FRANKLIN_BLS12381,
  KeyServer,
  KeyServerV2,
  type KeyServerV2Value,
  type PartialKeyServerValue,
} from '../move-types.ts';
import { KEY_SERVER_MODULE, keyServerType, keyServerV2Type } from '../type-names.ts';

export const KEY_SERVER_ABORTS = {
  EInvalidKeyType: 1,
  EInvalidVersion: 2,
  EInvalidServerType: 3,
  EInvalidThreshold: 4,
  EInvalidPartyId: 5,
  EDuplicateName: 6,
} as const;

const V2 = 2n;
const v2Key = () => bcs.u64().serialize(KEY_SERVER_V2_FIELD_KEY).toBytes();

export class KeyServerModule {
  constructor(
    private readonly overlay: TxOverlay,
    readonly sealPackageId: string,
  ) {}

  private abort(fn: string, code: keyof typeof KEY_SERVER_ABORTS): never {
    throw moveAbort(this.sealPackageId, KEY_SERVER_MODULE, fn, KEY_SERVER_ABORTS[code]);
  }

  /** `create_partial_key_server`: validates the partial pk as a G2 point. */
  createPartialKeyServer(name: string, url: string, partialPk: Uint8Array, partyId: number): PartialKeyServerValue {
    assertGroupElement('G2', partialPk);
    return { name, url, partial_pk: partialPk, party_id: partyId };
  }

  /** `validate_partial_key_servers`: threshold > 1, n ≥ threshold, party_id == index, unique names. */
  private validatePartialKeyServers(fn: string, threshold: number, partials: readonly PartialKeyServerValue[]): void {
    if (!(threshold > 1)) this.abort(fn, 'EInvalidThreshold');
    if (!(partials.length >= threshold)) this.abort(fn, 'EInvalidThreshold');
    const names = new Set<string>();
    partials.forEach((p, i) => {
      if (p.party_id !== i) this.abort(fn, 'EInvalidPartyId');
      if (names.has(p.name)) this.abort(fn, 'EDuplicateName');
      names.add(p.name);
    });
  }

  /** `create_committee_v2`: a new KeyServer (versions 2..2) with its KeyServerV2 field at committee version 0. Returns its id. */
  createCommitteeV2(name: string, threshold: number, pk: Uint8Array, partials: PartialKeyServerValue[]): string {
    assertGroupElement('G2', pk);
    this.validatePartialKeyServers('create_committee_v2', threshold, partials);
    const id = this.overlay.freshId();
    this.overlay.create(id, {
      type: keyServerType(this.sealPackageId),
      isGasCoin: false,
      hasPublicTransfer: true,
      owner: { AddressOwner: id }, // replaced when the caller attaches it as an object field
      contents: toBase64(KeyServer.serialize({ id, first_version: V2, last_version: V2 }).toBytes()),
    });
    const v2: KeyServerV2Value = {
      name,
      key_type: KEY_TYPE_BONEH_FRANKLIN_BLS12381,
      pk,
      server_type: { $kind: 'Committee', Committee: { version: 0, threshold, partial_key_servers: partials } },
    };
    this.overlay.addField(id, 'u64', v2Key(), keyServerV2Type(this.sealPackageId), KeyServerV2.serialize(v2).toBytes());
    return id;
  }

  private readV2(ksId: string, fn: string): KeyServerV2Value {
    // assert_committee_server_v2: first_version ≤ 2 ≤ last_version, the V2 field exists, type Committee.
    const ks = this.overlay.read(ksId, KeyServer);
    if (!(BigInt(ks.first_version) <= V2 && BigInt(ks.last_version) >= V2)) this.abort(fn, 'EInvalidVersion');
    if (!this.overlay.fieldExists(ksId, 'u64', v2Key())) this.abort(fn, 'EInvalidVersion');
    const v2 = KeyServerV2.parse(this.overlay.fieldValue(ksId, 'u64', v2Key(), 'borrow').value);
    if (v2.server_type.$kind !== 'Committee') this.abort(fn, 'EInvalidServerType');
    return v2;
  }

  private writeV2(ksId: string, v2: KeyServerV2Value): void {
    this.overlay.updateField(ksId, 'u64', v2Key(), KeyServerV2.serialize(v2).toBytes());
  }

  /** `update_partial_key_servers`: new threshold and partials, committee version += 1. */
  updatePartialKeyServers(ksId: string, newThreshold: number, partials: PartialKeyServerValue[]): void {
    this.validatePartialKeyServers('update_partial_key_servers', newThreshold, partials);
    const v2 = this.readV2(ksId, 'update_partial_key_servers');
    const c = v2.server_type.Committee!;
    v2.server_type = { $kind: 'Committee', Committee: { version: c.version + 1, threshold: newThreshold, partial_key_servers: partials } };
    this.writeV2(ksId, v2);
  }

  /** `update_member_url`: the url of party `partyId`. */
  updateMemberUrl(ksId: string, url: string, partyId: number): void {
    const v2 = this.readV2(ksId, 'update_member_url');
    const partials = v2.server_type.Committee!.partial_key_servers;
    if (!(partyId < partials.length)) this.abort('update_member_url', 'EInvalidPartyId');
    partials[partyId] = { ...partials[partyId]!, url };
    this.writeV2(ksId, v2);
  }

  /** `pk()`: the master public key held in the V2 field. */
  pk(ksId: string): Uint8Array {
    if (!this.overlay.fieldExists(ksId, 'u64', v2Key())) this.abort('pk', 'EInvalidVersion');
    return KeyServerV2.parse(this.overlay.fieldValue(ksId, 'u64', v2Key(), 'borrow').value).pk;
  }
}
