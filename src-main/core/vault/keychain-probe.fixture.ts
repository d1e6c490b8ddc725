// Child process for real-keychain.test.ts: tries to create a keychain vault with the real
// OS keychain and prints the outcome as JSON. Usage: node --import tsx keychain-probe.fixture.ts <dataDir>
import { isCeremonyError } from '../errors.ts';
import { NapiKeychain } from './napi-keychain.ts';
import { readVaultStatus, Vault } from './vault.ts';

const dataDir = process.argv[2]!;
const keychain = new NapiKeychain();
try {
  const v = await Vault.init({ dataDir, kind: 'keychain', keychain, keychainService: `ceremony-test-probe-${process.pid}` });
  const loc = v.status().keychain!;
  await keychain.remove(loc.service, loc.account);
  process.stdout.write(JSON.stringify({ code: null, initialized: true, backend: keychain.name }));
} catch (e) {
  if (!isCeremonyError(e)) throw e;
  process.stdout.write(JSON.stringify({ code: e.code, initialized: readVaultStatus(dataDir).initialized, backend: keychain.name }));
}
