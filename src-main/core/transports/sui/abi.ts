/**
 * Signatures of the public functions of `seal_committee::seal_committee` that the ceremony calls
 * (reference §3.3), in the shape `client.core.getMoveFunction` returns. One table serves three
 * readers: the rehearsal ledger (which answers `getMoveFunction` and decodes arguments with it),
 * the transaction describer shown before offline signing, and the builders' argument order.
 *
 * The trailing `&mut TxContext` / `&TxContext` is listed, as full nodes do; callers never pass it.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { COMMITTEE_MODULE, STRING_TYPE, TX_CONTEXT_TYPE, UPGRADE_CAP_TYPE, committeeType } from './type-names.ts';

type Sig = SuiClientTypes.OpenSignature;
type Body = SuiClientTypes.OpenSignatureBody;

const u8: Body = { $kind: 'u8' };
const u16: Body = { $kind: 'u16' };
const address: Body = { $kind: 'address' };
const bytes: Body = { $kind: 'vector', vector: u8 };
const datatype = (typeName: string): Body => ({ $kind: 'datatype', datatype: { typeName, typeParameters: [] } });
const value = (body: Body): Sig => ({ reference: null, body });
const imm = (body: Body): Sig => ({ reference: 'immutable', body });
const mut = (body: Body): Sig => ({ reference: 'mutable', body });

export const CEREMONY_FUNCTIONS = [
  'init_committee',
  'init_rotation',
  'register',
  'propose',
  'propose_for_rotation',
  'update_member_url',
] as const;
export type CeremonyFunction = (typeof CEREMONY_FUNCTIONS)[number];

export interface ParamSpec {
  /** Parameter name in committee.move, for messages and the transaction description. */
  name: string;
  sig: Sig;
}

/** Parameters after dropping TxContext, in call order. */
export function ceremonyParams(packageId: string, fn: CeremonyFunction): ParamSpec[] {
  const committee = datatype(committeeType(packageId));
  const str = datatype(STRING_TYPE);
  switch (fn) {
    case 'init_committee':
      return [
        { name: 'cap', sig: value(datatype(UPGRADE_CAP_TYPE)) },
        { name: 'threshold', sig: value(u16) },
        { name: 'members', sig: value({ $kind: 'vector', vector: address }) },
      ];
    case 'init_rotation':
      return [
        { name: 'old_committee', sig: imm(committee) },
        { name: 'threshold', sig: value(u16) },
        { name: 'members', sig: value({ $kind: 'vector', vector: address }) },
      ];
    case 'register':
      return [
        { name: 'committee', sig: mut(committee) },
        { name: 'enc_pk', sig: value(bytes) },
        { name: 'signing_pk', sig: value(bytes) },
        { name: 'url', sig: value(str) },
        { name: 'name', sig: value(str) },
      ];
    case 'propose':
      return [
        { name: 'committee', sig: mut(committee) },
        { name: 'partial_pks', sig: value({ $kind: 'vector', vector: bytes }) },
        { name: 'pk', sig: value(bytes) },
        { name: 'messages_hash', sig: value(bytes) },
      ];
    case 'propose_for_rotation':
      return [
        { name: 'committee', sig: mut(committee) },
        { name: 'partial_pks', sig: value({ $kind: 'vector', vector: bytes }) },
        { name: 'messages_hash', sig: value(bytes) },
        { name: 'old_committee', sig: value(committee) },
      ];
    case 'update_member_url':
      return [
        { name: 'committee', sig: mut(committee) },
        { name: 'url', sig: value(str) },
      ];
  }
}

/** The full signature as a full node describes it; all six take `&mut TxContext` last. */
export function ceremonyFunctionResponse(packageId: string, fn: CeremonyFunction): SuiClientTypes.FunctionResponse {
  return {
    packageId: normalizeSuiAddress(packageId),
    moduleName: COMMITTEE_MODULE,
    name: fn,
    visibility: 'public',
    isEntry: false,
    typeParameters: [],
    parameters: [...ceremonyParams(packageId, fn).map((p) => p.sig), mut(datatype(TX_CONTEXT_TYPE))],
    returns: [],
  };
}

export function isCeremonyFunction(name: string): name is CeremonyFunction {
  return (CEREMONY_FUNCTIONS as readonly string[]).includes(name);
}
