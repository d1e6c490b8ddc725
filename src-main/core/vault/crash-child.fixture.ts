// Child process for crash.test.ts: puts (and sometimes deletes) secrets in a loop and
// acknowledges each completed operation on stdout, until the parent SIGKILLs it.
// Usage: node --import tsx crash-child.fixture.ts <dataDir> <passphrase> <firstIndex>
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Vault } from './vault.ts';

export function crashSecret(i: number): Uint8Array {
  return sha256(utf8ToBytes(`crash-test-secret-${i}`));
}

async function main(): Promise<void> {
  const [dataDir, passphrase, first] = process.argv.slice(2);
  const vault = await Vault.open({ dataDir: dataDir! });
  await vault.unlock(passphrase!);
  process.stdout.write('ready\n');
  for (let i = Number(first); ; i++) {
    await vault.put({ id: `s${i}`, label: `secret ${i}`, kind: 'comm.key', ceremonyId: null }, crashSecret(i));
    process.stdout.write(`put ${i}\n`);
    if (i % 5 === 4) {
      await vault.delete(`s${i - 2}`);
      process.stdout.write(`del ${i - 2}\n`);
    }
  }
}

// Run as a process (from sources or as the tests' bundle, crash-child.fixture-<pid>.mjs), not when imported.
if (process.argv[1]?.includes('crash-child.fixture')) await main();
