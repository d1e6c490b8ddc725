/**
 * A transaction's working view of the ledger: reads fall through to the committed state, writes
 * stay here until the executor commits them (or drops them when the transaction fails). It also
 * carries the framework behaviour the contract relies on: fresh object ids and dynamic (object)
 * fields with their exact ids, types, owners and abort codes.
 */
import { bcs } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, fromBase64, normalizeSuiAddress, toBase64, toHex } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import { FRAMEWORK_ABORTS, moveAbort } from './failures.ts';
import type { LedgerState, StoredDynamicField, StoredMoveObject, StoredObject, StoredOwner } from './state.ts';
import { ID_TYPE, SUI_FRAMEWORK, dofWrapperType, dynamicFieldType } from '../type-names.ts';

/** Version placeholder for objects written by the running transaction; replaced by its lamport version. */
export const PENDING_VERSION = 'pending';

export type Removal = 'deleted' | 'wrapped';

export class TxOverlay {
  private readonly writes = new Map<string, StoredObject | null>();
  private readonly removals = new Map<string, Removal>();
  private created = 0;

  constructor(
    readonly base: LedgerState,
    private readonly txDigest: Uint8Array,
  ) {}

  get(id: string): StoredObject | undefined {
    const key = normalizeSuiAddress(id);
    if (this.writes.has(key)) return this.writes.get(key) ?? undefined;
    return this.base.objects[key];
  }

  getMove(id: string): StoredMoveObject {
    const o = this.get(id);
    if (!o || o.kind !== 'move') throw new Error(`ledger invariant: ${id} is not a live Move object`);
    return o;
  }

  read<T>(id: string, type: { parse(bytes: Uint8Array): T }): T {
    return type.parse(fromBase64(this.getMove(id).contents));
  }

  write(id: string, contents: Uint8Array, changes: Partial<Pick<StoredMoveObject, 'owner'>> = {}): void {
    const key = normalizeSuiAddress(id);
    const prev = this.getMove(key);
    this.writes.set(key, { ...prev, ...changes, contents: toBase64(contents), version: PENDING_VERSION });
    this.removals.delete(key);
  }

  setOwner(id: string, owner: StoredOwner): void {
    const key = normalizeSuiAddress(id);
    const prev = this.get(key);
    if (!prev) throw new Error(`ledger invariant: ${id} does not exist`);
    this.writes.set(key, { ...prev, owner, version: PENDING_VERSION } as StoredObject);
  }

  /** Marks an object as touched (its version is bumped at commit) without changing it. */
  touch(id: string): void {
    const key = normalizeSuiAddress(id);
    const prev = this.get(key);
    if (prev) this.writes.set(key, { ...prev, version: PENDING_VERSION } as StoredObject);
  }

  create(id: string, obj: Omit<StoredMoveObject, 'kind' | 'version' | 'previousTransaction' | 'storageRebate' | 'digest'>): void;
  create(id: string, obj: StoredObject): void;
  create(
    id: string,
    obj: StoredObject | Omit<StoredMoveObject, 'kind' | 'version' | 'previousTransaction' | 'storageRebate' | 'digest'>,
  ): void {
    const key = normalizeSuiAddress(id);
    const full: StoredObject =
      'kind' in obj
        ? { ...obj, version: PENDING_VERSION }
        : { kind: 'move', version: PENDING_VERSION, previousTransaction: '', storageRebate: '0', digest: '', ...obj };
    this.writes.set(key, full);
    this.removals.delete(key);
  }

  remove(id: string, how: Removal): void {
    const key = normalizeSuiAddress(id);
    this.writes.set(key, null);
    this.removals.set(key, how);
  }

  /** A new object id: Blake2b-256(0xf1 ‖ tx digest ‖ creation count as u64 LE), as Sui derives them. */
  freshId(): string {
    const count = bcs.u64().serialize(this.created++).toBytes();
    const buf = new Uint8Array(1 + 32 + 8);
    buf[0] = 0xf1;
    buf.set(this.txDigest, 1);
    buf.set(count, 33);
    return normalizeSuiAddress(toHex(blake2b(buf, { dkLen: 32 })));
  }

  /** Final state of every object this transaction wrote, created or removed. */
  changes(): { id: string; after: StoredObject | null; removal: Removal | null }[] {
    return [...this.writes.entries()].map(([id, after]) => ({ id, after, removal: after ? null : (this.removals.get(id) ?? 'deleted') }));
  }

  // ------------------------------------------------------------ sui::dynamic_field

  fieldId(parentId: string, nameType: string, nameBcs: Uint8Array): string {
    return normalizeSuiAddress(deriveDynamicFieldID(normalizeSuiAddress(parentId), nameType, nameBcs));
  }

  fieldExists(parentId: string, nameType: string, nameBcs: Uint8Array): boolean {
    return this.get(this.fieldId(parentId, nameType, nameBcs)) !== undefined;
  }

  /** `dynamic_field::add`: aborts with EFieldAlreadyExists when the name is taken. */
  addField(
    parentId: string,
    nameType: string,
    nameBcs: Uint8Array,
    valueType: string,
    valueBcs: Uint8Array,
    meta?: Partial<StoredDynamicField>,
  ): string {
    const id = this.fieldId(parentId, nameType, nameBcs);
    if (this.get(id)) throw moveAbort(SUI_FRAMEWORK, 'dynamic_field', 'add', FRAMEWORK_ABORTS.dynamicFieldAlreadyExists);
    const contents = new Uint8Array(32 + nameBcs.length + valueBcs.length);
    contents.set(bcs.Address.serialize(id).toBytes());
    contents.set(nameBcs, 32);
    contents.set(valueBcs, 32 + nameBcs.length);
    this.create(id, {
      type: dynamicFieldType(nameType, valueType),
      isGasCoin: false,
      hasPublicTransfer: false,
      owner: { ObjectOwner: normalizeSuiAddress(parentId) },
      contents: toBase64(contents),
      dynamicField: { nameType, nameBcs: toBase64(nameBcs), valueType, ...meta },
    });
    return id;
  }

  /** The value bytes of a field; aborts with EFieldDoesNotExist (as `borrow`/`remove` do) when absent. */
  fieldValue(parentId: string, nameType: string, nameBcs: Uint8Array, fn: string): { fieldId: string; value: Uint8Array } {
    const fieldId = this.fieldId(parentId, nameType, nameBcs);
    const field = this.get(fieldId);
    if (!field || field.kind !== 'move') throw moveAbort(SUI_FRAMEWORK, 'dynamic_field', fn, FRAMEWORK_ABORTS.dynamicFieldDoesNotExist);
    return { fieldId, value: fromBase64(field.contents).slice(32 + nameBcs.length) };
  }

  /** `dynamic_field::borrow_mut` followed by a write of the new value. */
  updateField(parentId: string, nameType: string, nameBcs: Uint8Array, valueBcs: Uint8Array): void {
    const { fieldId } = this.fieldValue(parentId, nameType, nameBcs, 'borrow_mut');
    const contents = new Uint8Array(32 + nameBcs.length + valueBcs.length);
    contents.set(bcs.Address.serialize(fieldId).toBytes());
    contents.set(nameBcs, 32);
    contents.set(valueBcs, 32 + nameBcs.length);
    this.write(fieldId, contents);
  }

  removeField(parentId: string, nameType: string, nameBcs: Uint8Array): Uint8Array {
    const { fieldId, value } = this.fieldValue(parentId, nameType, nameBcs, 'remove');
    this.remove(fieldId, 'deleted');
    return value;
  }

  // ------------------------------------------------------------ sui::dynamic_object_field

  /** `dynamic_object_field::add`: a `Field<Wrapper<Name>, ID>` under the parent, and the child owned by that field. */
  addObjectField(parentId: string, nameType: string, nameBcs: Uint8Array, childId: string): void {
    const fieldId = this.addField(parentId, dofWrapperType(nameType), nameBcs, ID_TYPE, bcs.Address.serialize(childId).toBytes(), {
      childId: normalizeSuiAddress(childId),
    });
    this.setOwner(childId, { ObjectOwner: fieldId });
  }

  /** `dynamic_object_field::borrow(_mut)`: the child's id. */
  objectFieldChild(parentId: string, nameType: string, nameBcs: Uint8Array, fn = 'borrow'): string {
    const { value } = this.fieldValue(parentId, dofWrapperType(nameType), nameBcs, fn);
    return bcs.Address.parse(value);
  }

  /** `dynamic_object_field::remove`: deletes the field, returns the (still live) child. */
  removeObjectField(parentId: string, nameType: string, nameBcs: Uint8Array): string {
    const child = bcs.Address.parse(this.removeField(parentId, dofWrapperType(nameType), nameBcs));
    this.touch(child);
    return child;
  }
}
