import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import {
  sssAddNew,
  sssCheckShare,
  sssInfo,
  sssInitCommon,
  sssInitialPubData,
  sssInitMyShare,
  sssInitNew,
  type SssToolState,
} from '../../../core/crypto/group/sss-tool.ts';
import { validateMoniker } from '../../../core/crypto/group/moniker.ts';
import { decodePrivateSss, decodeSharedSss } from '../../../core/formats/group/sss.ts';
import {
  loadSssToolState,
  saveSssToolCommitment,
  saveSssToolSeed,
  saveSssToolShare,
} from '../../../core/ceremonies/group/sss-tool-vault.ts';
import type { Vault } from '../../../core/vault/index.ts';
import type { CliContext, Command, CommandResult } from '../command.ts';
import { groupCore } from './group-cli.ts';

/**
 * `ceremony group sss-tool <command>`: the trust-server's sss-tool, for an operator of a group run
 * in sss-tool compatible mode, with the state in the vault instead of plaintext files. stdout
 * carries exactly what sss-tool prints (so its lines can be pasted to operators running the real
 * tool and theirs pasted here); notes go to stderr.
 *
 * sss-tool compatible mode is WEAKER than the app's own group protocol: shares are sealed with
 * AES-GCM keyed by the raw ECDH point, and a newcomer's public key is not authenticated (compare it
 * with the newcomer out of band). Use it only for a group that already runs with sss-tool.
 */
const WEAKER =
  'sss-tool compatible mode: weaker than the app\u2019s own protocol (AES-GCM keyed with the raw ECDH point; join requests are not authenticated: confirm the newcomer\u2019s public key with them in person or by voice).';

const COMMANDS = ['initialize', 'initial-pub-data', 'init-common', 'init-my-share', 'add-new', 'init-new', 'info'] as const;

function opt(ctx: CliContext, name: string): string {
  const v = ctx.options[name];
  if (typeof v !== 'string' || !v.length)
    throw new CeremonyError('cli/missing-option', `sss-tool ${ctx.args[0]} needs --${name}.`, { option: name });
  return v;
}

async function requireState(vault: Vault): Promise<SssToolState> {
  const s = await loadSssToolState(vault);
  if (!s)
    throw new CeremonyError(
      'group/sss-tool-not-initialized',
      'Not initialized: run `ceremony group sss-tool initialize --moniker NAME` first.',
    );
  return s;
}

function out(ctx: CliContext, stdout: string, note: string | null): CommandResult {
  if (note) ctx.io.err(note);
  return { data: { stdout }, text: stdout };
}

export const groupSssToolCommand: Command = {
  path: ['group', 'sss-tool'],
  summary:
    'The trust-server\u2019s sss-tool (initialize, initial-pub-data, init-common, init-my-share, add-new, init-new, info), state in the vault',
  usage: `<${COMMANDS.join('|')}> [--moniker M] [--m M] [--pub-datas JSON] [--partial-shares JSON] [--pubkey B64] [--quorum JSON]`,
  description:
    'Same flags and the same stdout as sss-tool, so operators with the app and operators with sss-tool run one genesis\n' +
    'and one join together. Seed, group commitment and share live in the vault (one operator per data folder);\n' +
    '`ceremony group publish --private --out DIR` writes the private.sss/shared.sss sss-tool would have written.\n' +
    'Seed step names: dkg-round1 = initial-pub-data, dkg-round2 = init-common, dkg-finalize = init-my-share,\n' +
    'join-request = initialize + info (My public key), approve-participant = add-new, finalize-join = init-new.\n' +
    WEAKER,
  options: {
    moniker: { type: 'string' },
    m: { type: 'string' },
    'pub-datas': { type: 'string' },
    'partial-shares': { type: 'string' },
    pubkey: { type: 'string' },
    quorum: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const cmd = ctx.args[0]!;
    if (!(COMMANDS as readonly string[]).includes(cmd))
      throw new CeremonyError('cli/unknown-command', `sss-tool has no command "${cmd}"; it has ${COMMANDS.join(', ')}.`);
    const core = await groupCore(ctx, { createVault: cmd === 'initialize' });
    try {
      const vault = await core.vault.unlockedVault();
      switch (cmd) {
        case 'initialize': {
          const moniker = validateMoniker(opt(ctx, 'moniker'));
          await saveSssToolSeed(vault, randomBytes(32), moniker);
          return out(ctx, '', `Initialized sss-tool operator ${moniker} (seed in the vault). ${WEAKER}`);
        }
        case 'info':
          return out(ctx, sssInfo(await loadSssToolState(vault)).join('\n'), null);
        case 'initial-pub-data':
          return out(ctx, sssInitialPubData(await requireState(vault), Number(opt(ctx, 'm'))), null);
        case 'init-common': {
          const s = await requireState(vault);
          const r = sssInitCommon(s, opt(ctx, 'pub-datas'), (n) => randomBytes(n));
          await saveSssToolCommitment(vault, r.commitment);
          return out(ctx, [...r.lines, r.json].join('\n'), 'Send the last line to every operator; merge theirs for init-my-share.');
        }
        case 'init-my-share': {
          const s = await requireState(vault);
          const share = sssInitMyShare(s, opt(ctx, 'pub-datas'), opt(ctx, 'partial-shares'));
          await saveSssToolShare(vault, s.moniker, share);
          share.fill(0);
          return out(ctx, '', 'Share checked against the group commitment and stored in the vault.');
        }
        case 'add-new': {
          const s = await requireState(vault);
          const r = sssAddNew(s, validateMoniker(opt(ctx, 'moniker')), opt(ctx, 'pubkey'), opt(ctx, 'quorum'), (n) => randomBytes(n));
          return out(ctx, r, `Approval for ${String(ctx.options.moniker)}. ${WEAKER}`);
        }
        default: {
          const s = await requireState(vault);
          const share = sssInitNew(s, opt(ctx, 'partial-shares'));
          await saveSssToolShare(vault, s.moniker, share);
          share.fill(0);
          return out(ctx, '', 'Share checked against the group commitment and stored in the vault.');
        }
      }
    } finally {
      await core.close();
    }
  },
};

/**
 * `ceremony group import-trust-server --private private.sss --shared shared.sss`: an existing
 * sss-tool operator into the vault (the files are read, checked and not kept); `--shared` alone for
 * a newcomer, who in sss-tool copies the group's shared.sss by hand before `init-new` (run
 * `group sss-tool initialize` first).
 */
export const groupImportTrustServerCommand: Command = {
  path: ['group', 'import-trust-server'],
  summary: 'Import an sss-tool operator (private.sss + shared.sss) into the vault, or a newcomer\u2019s copy of shared.sss',
  usage: '[--private private.sss] --shared shared.sss [--json]',
  options: { private: { type: 'string' }, shared: { type: 'string' } },
  async run(ctx) {
    const sharedPath = resolve(ctx.cwd, opt(ctx, 'shared'));
    const shared = decodeSharedSss(new Uint8Array(readFileSync(sharedPath)));
    if (!shared.commitment)
      throw new CeremonyError('group/sss-tool-no-commitment', `${sharedPath} holds no group commitment (the genesis did not finish).`, {
        file: sharedPath,
      });
    const privPath = typeof ctx.options.private === 'string' ? resolve(ctx.cwd, ctx.options.private) : null;
    const priv = privPath ? decodePrivateSss(new Uint8Array(readFileSync(privPath))) : null;
    // Checked before anything is stored: a share off the group polynomial would sign nothing.
    if (priv?.share) sssCheckShare(shared.commitment, priv.moniker, priv.share, privPath!);
    const core = await groupCore(ctx, { createVault: priv !== null });
    try {
      const vault = await core.vault.unlockedVault();
      if (priv) {
        const before = await loadSssToolState(vault);
        if (!before || before.moniker !== priv.moniker || Buffer.compare(before.seed, priv.seed) !== 0)
          await saveSssToolSeed(vault, priv.seed, priv.moniker);
        priv.seed.fill(0);
      } else await requireState(vault);
      await saveSssToolCommitment(vault, shared.commitment);
      if (priv?.share) await saveSssToolShare(vault, priv.moniker, priv.share);
      const lines = sssInfo(await requireState(vault));
      if (priv)
        ctx.io.err(
          `Imported ${priv.moniker} into the vault; private.sss holds the share in plaintext: delete that copy once the trust-server no longer needs it.`,
        );
      return { data: { info: lines }, text: lines.join('\n') };
    } finally {
      await core.close();
    }
  },
};
