/**
 * The vault: every secret of the product, encrypted at rest, keyed by the OS keychain or,
 * by explicit choice, a passphrase. Main process only. See README.md in this folder for the
 * security model, and vault.ts for the durability rules.
 *
 * - `VaultService` (service.ts) is what the renderer API binds: public data only.
 * - `Vault` (vault.ts) is what the engine uses to put and get secret bytes.
 */
export { Vault } from './vault.ts';
export { VaultService } from './service.ts';
export type { VaultStatusReport } from './service.ts';
export type { SecretMeta } from './meta.ts';
export { publicKeyFingerprint } from './fingerprint.ts';
export type { KeychainBackend } from './keychain.ts';
export { NapiKeychain } from './napi-keychain.ts';
export { MemoryKeychain } from './memory-keychain.ts';
export type { ScryptParams } from './kdf.ts';
export { describeKdfParams, TEST_SCRYPT } from './kdf.ts';
export { BACKUP_FILE_EXTENSION, inspectBackup } from './backup.ts';
