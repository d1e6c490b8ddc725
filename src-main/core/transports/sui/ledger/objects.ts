/**
 * Stored objects ↔ what a full node returns: the BCS object envelope (`bcs.Object`), the object
 * digest (Blake2b-256 over "Object::" + envelope, as Sui computes it), owners, and the
 * `SuiClientTypes.Object` shape of `client.core.getObjects`.
 */
import { TypeTagSerializer, bcs } from '@mysten/sui/bcs';
import type { SuiClientTypes } from '@mysten/sui/client';
import { fromBase64, normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import type { StoredMoveObject, StoredObject, StoredOwner, StoredPackage } from './state.ts';

/** Blake2b-256 of `<tag>::` followed by `data`: Sui's digest of a BCS-signable value. */
export function typedDigest(tag: string, data: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`${tag}::`);
  const buf = new Uint8Array(prefix.length + data.length);
  buf.set(prefix);
  buf.set(data, prefix.length);
  return blake2b(buf, { dkLen: 32 });
}

function ownerBcsInput(owner: StoredOwner): Parameters<typeof bcs.Owner.serialize>[0] {
  if ('AddressOwner' in owner) return { AddressOwner: owner.AddressOwner };
  if ('ObjectOwner' in owner) return { ObjectOwner: owner.ObjectOwner };
  if ('Shared' in owner) return { Shared: { initialSharedVersion: owner.Shared.initialSharedVersion } };
  return { Immutable: true };
}

export function ownerToClient(owner: StoredOwner): SuiClientTypes.ObjectOwner {
  if ('AddressOwner' in owner) return { $kind: 'AddressOwner', AddressOwner: owner.AddressOwner };
  if ('ObjectOwner' in owner) return { $kind: 'ObjectOwner', ObjectOwner: owner.ObjectOwner };
  if ('Shared' in owner) return { $kind: 'Shared', Shared: { initialSharedVersion: owner.Shared.initialSharedVersion } };
  return { $kind: 'Immutable', Immutable: true };
}

export function ownerBcs(owner: StoredOwner): Uint8Array {
  return bcs.Owner.serialize(ownerBcsInput(owner)).toBytes();
}

function structTagInput(type: string) {
  const tag = TypeTagSerializer.parseFromStr(type, true);
  if (!('struct' in tag)) throw new Error(`ledger invariant: ${type} is not a struct type`);
  return tag.struct;
}

function packageData(id: string, p: StoredPackage) {
  // Module names are not parsed out of the bytecode; the ledger only needs the bytes.
  return {
    Package: {
      id,
      version: p.version,
      moduleMap: new Map(p.modules.map((m, i) => [`module_${i}`, fromBase64(m)] as const)),
      typeOriginTable: [],
      linkageTable: new Map(),
    },
  };
}

function moveData(o: StoredMoveObject) {
  return {
    Move: {
      type: o.isGasCoin ? { GasCoin: true as const } : { Other: structTagInput(o.type) },
      hasPublicTransfer: o.hasPublicTransfer,
      version: o.version,
      contents: fromBase64(o.contents),
    },
  };
}

/** The full BCS object envelope (`bcs.Object`), as `include: { objectBcs: true }` returns it. */
export function objectEnvelope(id: string, o: StoredObject): Uint8Array {
  return bcs.Object.serialize({
    data: o.kind === 'package' ? packageData(id, o) : moveData(o),
    owner: ownerBcsInput(o.owner),
    previousTransaction: o.previousTransaction,
    storageRebate: o.storageRebate,
  }).toBytes();
}

export function computeObjectDigest(id: string, o: StoredObject): string {
  return toBase58(typedDigest('Object', objectEnvelope(id, o)));
}

export function objectType(o: StoredObject): string {
  return o.kind === 'package' ? 'package' : o.type;
}

/** A stored object in the shape of `client.core.getObjects`, honouring `include`. */
export function toClientObject<Include extends SuiClientTypes.ObjectInclude>(
  id: string,
  o: StoredObject,
  include: Include | undefined,
): SuiClientTypes.Object<Include> {
  const content = o.kind === 'move' ? fromBase64(o.contents) : new Uint8Array();
  const result = {
    objectId: normalizeSuiAddress(id),
    version: o.version,
    digest: o.digest,
    owner: ownerToClient(o.owner),
    type: objectType(o),
    content: include?.content ? (content as Uint8Array<ArrayBuffer>) : undefined,
    previousTransaction: include?.previousTransaction ? o.previousTransaction : undefined,
    objectBcs: include?.objectBcs ? (objectEnvelope(id, o) as Uint8Array<ArrayBuffer>) : undefined,
    // The JSON view differs between real transports; readers must use `content`.
    json: include?.json ? null : undefined,
    display: include?.display ? null : undefined,
  };
  return result as unknown as SuiClientTypes.Object<Include>;
}
