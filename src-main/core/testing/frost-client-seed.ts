// Test-only: the frost-client credentials file of seed 004 (only *.test.ts and e2e import this).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openFrostClientGroup, parseFrostClientConfig } from '../formats/frost/config-toml.ts';
import { repoRoot } from './vectors.ts';

/** Alice's config after the frostd DKG, as printed in seed 004 (read from the seed, not copied). */
export function seed004AliceToml(): string {
  const dir = resolve(repoRoot, '..', 'shared', 'seeds');
  const file = readdirSync(dir).find((f) => f.startsWith('004_'))!;
  const text = readFileSync(join(dir, file), 'utf8');
  const start = text.indexOf('```\n', text.indexOf("Here's a look at Alice's TOML after the process:")) + 4;
  return text.slice(start, text.indexOf('```', start));
}

/** The group verifying key of that file's one group ("DKG: Alice, Bob, Eve", 2 of 3, Ed25519). */
export const SEED004_GROUP = '7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c';

/** What that file holds in clear (to check it appears nowhere): the signing share, the key package, the communication key. */
export function seed004AliceSecrets(): { id: string; bytes: Uint8Array }[] {
  const cfg = parseFrostClientConfig(seed004AliceToml());
  const raw = cfg.groups[SEED004_GROUP]!;
  const g = openFrostClientGroup(SEED004_GROUP, raw);
  return [
    { id: 'seed 004 signing share', bytes: g.keyPackage.signingShare },
    { id: 'seed 004 key package', bytes: raw.keyPackage },
    { id: 'seed 004 communication key', bytes: cfg.communicationKey!.privateKey },
  ];
}
