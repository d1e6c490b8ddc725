import { CeremonyError } from '../../errors.ts';
import {
  sssAddNew,
  sssCheckShare,
  sssInfo,
  sssInitCommon,
  sssInitialPubData,
  sssInitMyShare,
  sssInitNew,
  type SssRandom,
  type SssToolState,
} from '../../crypto/group/sss-tool.ts';
import { validateMoniker } from '../../crypto/group/moniker.ts';
import { decodePrivateSss, decodeSharedSss } from '../../formats/group/sss.ts';
import type { Vault } from '../../vault/index.ts';
import { SSS_TOOL_COMMANDS, type SssToolCommand, type SssToolFlags } from '../../../../src-shared/api/group-sss.ts';
import { loadSssToolState, saveSssToolCommitment, saveSssToolSeed, saveSssToolShare } from './sss-tool-vault.ts';

/**
 * One sss-tool command for this install's sss-tool compatible operator (CLI `ceremony group
 * sss-tool`, and the wizard through `groupSss.run`): `stdout` is exactly what sss-tool prints,
 * `note` is for the person (stderr on the command line). Secrets stay in the vault; the outputs
 * are public (commitments, proofs, shares sealed to their recipient).
 */
export const SSS_TOOL_WEAKER =
  'sss-tool compatible mode is weaker than the app\u2019s own protocol: shares are sealed with AES-GCM keyed by the raw ECDH point, and a join request (the newcomer\u2019s public key) is not authenticated; confirm it with the newcomer in person or by voice.';

function flag(flags: SssToolFlags, cmd: string, name: keyof SssToolFlags, cli: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || !v.length)
    throw new CeremonyError('group/sss-tool-missing-flag', `sss-tool ${cmd} needs --${cli}.`, { flag: cli });
  return v;
}

async function requireState(vault: Vault): Promise<SssToolState> {
  const s = await loadSssToolState(vault);
  if (!s) throw new CeremonyError('group/sss-tool-not-initialized', 'Not initialized: run sss-tool initialize with your moniker first.');
  return s;
}

export async function runSssToolCommand(
  vault: Vault,
  cmd: SssToolCommand,
  flags: SssToolFlags,
  random: SssRandom,
): Promise<{ stdout: string; note: string | null }> {
  if (!SSS_TOOL_COMMANDS.includes(cmd)) throw new CeremonyError('group/sss-tool-unknown-command', `sss-tool has no command "${cmd}".`);
  switch (cmd) {
    case 'initialize': {
      const moniker = validateMoniker(flag(flags, cmd, 'moniker', 'moniker'));
      await saveSssToolSeed(vault, random(32), moniker);
      return { stdout: '', note: `Initialized sss-tool operator ${moniker} (seed in the vault). ${SSS_TOOL_WEAKER}` };
    }
    case 'info':
      return { stdout: sssInfo(await loadSssToolState(vault)).join('\n'), note: null };
    case 'initial-pub-data':
      return { stdout: sssInitialPubData(await requireState(vault), Number(flag(flags, cmd, 'm', 'm'))), note: null };
    case 'init-common': {
      const r = sssInitCommon(await requireState(vault), flag(flags, cmd, 'pubDatas', 'pub-datas'), random);
      await saveSssToolCommitment(vault, r.commitment);
      return { stdout: [...r.lines, r.json].join('\n'), note: 'Send the last line to every operator; merge theirs for init-my-share.' };
    }
    case 'init-my-share': {
      const s = await requireState(vault);
      const share = sssInitMyShare(s, flag(flags, cmd, 'pubDatas', 'pub-datas'), flag(flags, cmd, 'partialShares', 'partial-shares'));
      await saveSssToolShare(vault, s.moniker, share);
      share.fill(0);
      return { stdout: '', note: 'Share checked against the group commitment and stored in the vault.' };
    }
    case 'add-new': {
      const s = await requireState(vault);
      const who = validateMoniker(flag(flags, cmd, 'moniker', 'moniker'));
      const out = sssAddNew(s, who, flag(flags, cmd, 'pubkey', 'pubkey'), flag(flags, cmd, 'quorum', 'quorum'), random);
      return { stdout: out, note: `Approval for ${who}. ${SSS_TOOL_WEAKER}` };
    }
    case 'init-new': {
      const s = await requireState(vault);
      const share = sssInitNew(s, flag(flags, cmd, 'partialShares', 'partial-shares'));
      await saveSssToolShare(vault, s.moniker, share);
      share.fill(0);
      return { stdout: '', note: 'Share checked against the group commitment and stored in the vault.' };
    }
  }
}

/**
 * An existing sss-tool operator (private.sss + shared.sss) into the vault, or (shared.sss alone)
 * the group's commitment for a newcomer who ran `initialize`. Everything is checked before
 * anything is stored: a share off the group polynomial would sign nothing.
 */
export async function importTrustServerOperator(
  vault: Vault,
  files: { privateSss: { name: string; bytes: Uint8Array } | null; sharedSss: { name: string; bytes: Uint8Array } },
): Promise<{ info: string[]; moniker: string }> {
  const shared = decodeSharedSss(files.sharedSss.bytes);
  if (!shared.commitment)
    throw new CeremonyError(
      'group/sss-tool-no-commitment',
      `${files.sharedSss.name} holds no group commitment (the genesis did not finish).`,
      { file: files.sharedSss.name },
    );
  const priv = files.privateSss ? decodePrivateSss(files.privateSss.bytes) : null;
  if (priv?.share) sssCheckShare(shared.commitment, priv.moniker, priv.share, files.privateSss!.name);
  if (priv) {
    const before = await loadSssToolState(vault);
    if (!before || before.moniker !== priv.moniker || Buffer.compare(before.seed, priv.seed) !== 0)
      await saveSssToolSeed(vault, priv.seed, priv.moniker);
    priv.seed.fill(0);
  } else await requireState(vault);
  await saveSssToolCommitment(vault, shared.commitment);
  if (priv?.share) await saveSssToolShare(vault, priv.moniker, priv.share);
  const now = await requireState(vault);
  return { info: sssInfo(now), moniker: now.moniker };
}
