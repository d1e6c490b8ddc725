/**
 * Move type strings of the committee objects, and the inverse: which package a type belongs to.
 * Addresses are always written in full (0x + 64 hex), the form full nodes return, so string
 * comparison works after `normalizeStructTag`.
 */
import { normalizeStructTag, normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';

export const COMMITTEE_MODULE = 'seal_committee';
export const KEY_SERVER_MODULE = 'key_server';

export const SUI_FRAMEWORK = normalizeSuiAddress('0x2');
export const MOVE_STDLIB = normalizeSuiAddress('0x1');

export const ID_TYPE = `${SUI_FRAMEWORK}::object::ID`;
export const UPGRADE_CAP_TYPE = `${SUI_FRAMEWORK}::package::UpgradeCap`;
export const SUI_COIN_TYPE = `${SUI_FRAMEWORK}::coin::Coin<${SUI_FRAMEWORK}::sui::SUI>`;
export const STRING_TYPE = `${MOVE_STDLIB}::string::String`;
export const TX_CONTEXT_TYPE = `${SUI_FRAMEWORK}::tx_context::TxContext`;

export function dofWrapperType(nameType: string): string {
  return `${SUI_FRAMEWORK}::dynamic_object_field::Wrapper<${nameType}>`;
}

export function dynamicFieldType(nameType: string, valueType: string): string {
  return `${SUI_FRAMEWORK}::dynamic_field::Field<${nameType}, ${valueType}>`;
}

export function committeeType(packageId: string): string {
  return `${normalizeSuiAddress(packageId)}::${COMMITTEE_MODULE}::Committee`;
}

export function upgradeManagerType(packageId: string): string {
  return `${normalizeSuiAddress(packageId)}::${COMMITTEE_MODULE}::UpgradeManager`;
}

export function upgradeManagerKeyType(packageId: string): string {
  return `${normalizeSuiAddress(packageId)}::${COMMITTEE_MODULE}::UpgradeManagerKey`;
}

export function rotationEventType(packageId: string): string {
  return `${normalizeSuiAddress(packageId)}::${COMMITTEE_MODULE}::CommitteeRotationInitiated`;
}

export function keyServerType(sealPackageId: string): string {
  return `${normalizeSuiAddress(sealPackageId)}::${KEY_SERVER_MODULE}::KeyServer`;
}

export function keyServerV2Type(sealPackageId: string): string {
  return `${normalizeSuiAddress(sealPackageId)}::${KEY_SERVER_MODULE}::KeyServerV2`;
}

/**
 * When `type` is `<pkg>::<module>::<name>` (no type parameters), returns `<pkg>` in full form;
 * otherwise null. The package of a Committee type is its ORIGINAL package id: after an upgrade
 * the type keeps the first address, which is also what `init_rotation` must be called on.
 */
export function packageOfType(type: string, module: string, name: string): string | null {
  let tag;
  try {
    tag = parseStructTag(normalizeStructTag(type));
  } catch {
    return null;
  }
  if (tag.module !== module || tag.name !== name || tag.typeParams.length !== 0) return null;
  return normalizeSuiAddress(tag.address);
}

export function sameType(a: string, b: string): boolean {
  try {
    return normalizeStructTag(a) === normalizeStructTag(b);
  } catch {
    return false;
  }
}
