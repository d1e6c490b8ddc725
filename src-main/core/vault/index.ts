/**
 * The vault: every secret of the product, encrypted at rest, keyed by the OS keychain or,
 * by explicit choice, a passphrase. Main process only. See README.md in this folder for the
 * security model, and vault.ts for the durability rules.
 *
 * - `VaultService` (service.ts) is what the renderer API binds: public data only.
 * - `Vault` (vault.ts) is what the engine uses to put and get secret bytes.
 */
export { Vault, readVaultStatus } from './vault.ts';
export type { InitOptions, VaultOptions, VaultState, VaultStatus, WriteFileFn } from './vault.ts';
export { VaultService, publicOnly } from './service.ts';
export type { BackupFileInfo, BackupInspection, VaultPublicApi, VaultServiceOptions, VaultStatusReport } from './service.ts';
export type { VaultKind } from './header.ts';
export type { FingerprintSource, KnownSecretKind, PutSecretInput, SecretKind, SecretMeta } from './meta.ts';
export { KNOWN_SECRET_KINDS, MAX_SECRET_BYTES } from './meta.ts';
export { formatFingerprint, publicKeyFingerprint } from './fingerprint.ts';
export type { KeychainBackend } from './keychain.ts';
export { DEFAULT_KEYCHAIN_SERVICE } from './keychain.ts';
export { NapiKeychain, osKeychainName } from './napi-keychain.ts';
export { MemoryKeychain } from './memory-keychain.ts';
export type { ScryptParams } from './kdf.ts';
export { DEFAULT_SCRYPT, describeKdfParams, MIN_PASSPHRASE_LENGTH, TEST_SCRYPT } from './kdf.ts';
export { BACKUP_FILE_EXTENSION, decodeBackup, encodeBackup, inspectBackup } from './backup.ts';
export type { BackupContents, BackupInfo } from './backup.ts';
