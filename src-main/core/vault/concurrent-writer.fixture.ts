// Child process for concurrent-writers.test.ts: opens the passphrase vault, says "ready",
// waits for "go" on stdin, then puts <count> secrets (ids w<name>-<i>) as fast as it can.
// Usage: node --import tsx concurrent-writer.fixture.ts <dataDir> <passphrase> <name> <count>
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Vault } from './vault.ts';

export function writerSecret(name: string, i: number): Uint8Array {
  return sha256(utf8ToBytes(`concurrent-writer/${name}/${i}`));
}

async function main(): Promise<void> {
  const [dataDir, passphrase, name, count] = process.argv.slice(2);
  const vault = await Vault.open({ dataDir: dataDir! });
  await vault.unlock(passphrase!);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  for (let i = 0; i < Number(count); i++) {
    await vault.put({ id: `w${name}-${i}`, label: `writer ${name} #${i}`, kind: 'comm.key', ceremonyId: null }, writerSecret(name!, i));
  }
  process.stdout.write('done\n');
  process.exit(0);
}

// Run as a process (from sources or as the tests' bundle, concurrent-writer.fixture-<pid>.mjs), not when imported.
if (process.argv[1]?.includes('concurrent-writer.fixture')) await main();
