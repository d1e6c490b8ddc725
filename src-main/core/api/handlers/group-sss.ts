import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CeremonyError } from '../../errors.ts';
import { importTrustServerOperator, runSssToolCommand } from '../../ceremonies/group/sss-tool-operator.ts';
import type { VaultService } from '../../vault/index.ts';
import type { Handlers } from '../dispatch.ts';

/** The wizard's sss-tool compatible mode: main reads the files and keeps every secret in the vault. */
function readPath(path: string): { name: string; bytes: Uint8Array } {
  try {
    return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
  } catch {
    throw new CeremonyError('group/no-file', `Cannot read ${path}.`, { path });
  }
}

export function groupSssHandlers(vault: VaultService): Pick<Handlers, 'groupSss.run' | 'groupSss.import'> {
  return {
    'groupSss.run': async ({ command, flags }) => runSssToolCommand(await vault.unlockedVault(), command, flags, (n) => randomBytes(n)),
    'groupSss.import': async ({ privatePath, sharedPath }) =>
      importTrustServerOperator(await vault.unlockedVault(), {
        privateSss: privatePath ? readPath(privatePath) : null,
        sharedSss: readPath(sharedPath),
      }),
  };
}
