/**
 * A member's share for frost-client and frostd, from the screens: the frost-client config
 * (credentials TOML: key package and communication key IN CLEAR, frost-client's own format)
 * written where the person chooses through the secret-export gate (a native save dialog and
 * confirmation, or the loopback host's one-time code), mode 0600, never over another file. The
 * command line's `frost export-toml` writes the same text to the path it is given.
 */
import { existsSync } from 'node:fs';
import { CeremonyError } from '../../errors.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { requireGate } from '../../secret-export/gate.ts';
import { fileSafe } from './bundle-io.ts';
import { exportFrostClientToml } from './frost-client-toml.ts';
import type { FrostServices } from './online/services.ts';
import { requireGroup } from './signing.ts';
import type { GroupState } from './state.ts';

export async function exportClientConfig(
  state: GroupState,
  input: { server?: string; confirmCode?: string },
  ctx: StepContext<FrostServices>,
): Promise<StepResult<GroupState>> {
  requireGroup(state);
  const secrets = { has: (name: string) => ctx.hasSecret(name), read: (name: string) => ctx.readSecret(name) };
  const server = input.server ?? state.online?.server;
  // Made (and checked: the group code compared, the key package readable) before asking the person anything.
  const text = await exportFrostClientToml(state, secrets, server ? { serverUrl: server } : {});
  const path = await requireGate(ctx.services?.secretExport).destination({
    what: `your FROST key package for "${state.description}" and your communication key, in frost-client's format (unencrypted)`,
    fileName: `${fileSafe(state.description) || 'frost'}-credentials.toml`,
    ...(input.confirmCode !== undefined ? { code: input.confirmCode } : {}),
  });
  if (!path) return { state, summary: 'Writing the frost-client file was cancelled' };
  if (existsSync(path))
    throw new CeremonyError(
      'frost/file-exists',
      `${path} already exists; choose a new file name (your share is never written over another file).`,
      {
        path,
      },
    );
  writeFileAtomic(path, text, { mode: 0o600 });
  return {
    state: { ...state, clientExports: [...(state.clientExports ?? []), { at: ctx.now(), where: path }] },
    summary: `Wrote your frost-client config (key package and communication key in clear) to ${path} (mode 0600): use it with frost-client -c, keep it on an encrypted disk, delete it when done`,
  };
}
