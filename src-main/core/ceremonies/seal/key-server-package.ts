import { existsSync } from 'node:fs';
import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { shareEnvName } from '../../formats/seal/key-server-config.ts';
import {
  encodeKeyServerPackage,
  keyServerPackageFileName,
  OPEN_PACKAGE_COMMAND,
  type PackageFile,
} from '../../formats/seal/key-server-package.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { requireGate } from '../../secret-export/gate.ts';
import { keyServerConfigArtifact, keyServerPlan, memberShareEnvFile, type KeyServerPlan } from './member-files.ts';
import { handoffVersions, readShare } from './member.ts';
import { networkConfig } from './network.ts';
import { step } from './phases.ts';
import { sealServices } from './services.ts';
import type { MemberState } from './state.ts';

/**
 * The hand-over for a key server someone else runs: ONE encrypted file with the share env file
 * (exactly what `export-share-file` writes), key-server-config.yaml (the member's artifact) and a
 * README.txt for the operator, written 0600 where the person chooses through the secret-export
 * gate. The format and why: formats/seal/key-server-package.ts. The passphrase is never journaled
 * (the engine leaves `passphrase` out of the input digest) and the step records only where the
 * package went.
 */

const CONFIG_NAME = 'key-server-config.yaml';
const README_NAME = 'README.txt';

/** The env file's name in the package: the one `export-share-file` suggests. */
export function packageEnvName(versions: readonly number[]): string {
  return `master-share-v${versions.at(-1)}.env`;
}

/** The operator's instructions: what each file is, the start command, and to delete the plain files. */
export function operatorReadme(opts: {
  member: string;
  address: string;
  committee: string;
  network: string;
  rehearsal: boolean;
  plan: KeyServerPlan;
  envName: string;
  createdAt: string;
}): string {
  const { plan, envName, member } = opts;
  const vars = plan.shareVersions.map(shareEnvName);
  const rotation = plan.state === 'active' ? null : plan.state.rotation;
  const state = rotation === null ? 'Active' : `Rotation (target_version ${rotation})`;
  return [
    `Seal key server package: ${member} in the committee "${opts.committee}"`,
    `Key server (KEY_SERVER_OBJ_ID): ${plan.keyServerObjId}`,
    `Network: ${opts.network}. Written by Ceremony at ${opts.createdAt}.`,
    ...(opts.rehearsal ? ['', 'REHEARSAL: made on a rehearsal ledger, NOT valid on any Sui network. For practice only.'] : []),
    '',
    'This folder holds three files:',
    '',
    `  ${envName.padEnd(24)} SECRET: ${vars.map((v) => `${v}=0x…`).join(' and ')}, ${member}'s`,
    `  ${''.padEnd(24)} ${vars.length > 1 ? 'shares' : 'share'} of the key server's master key. Anyone who reads it can serve`,
    `  ${''.padEnd(24)} this member's part of every key. Readable by you only (mode 0600).`,
    `  ${CONFIG_NAME.padEnd(24)} The key server's config: committee mode, committee_state ${state},`,
    `  ${''.padEnd(24)} member_address ${opts.address}. No secret.`,
    `  ${README_NAME.padEnd(24)} This file.`,
    '',
    'Start the Seal key server (committee mode) with them, in a checkout of',
    'https://github.com/MystenLabs/seal (FOLDER is the full path of this folder):',
    '',
    `  set -a; . FOLDER/${envName}; set +a`,
    `  CONFIG_PATH=FOLDER/${CONFIG_NAME} cargo run --bin key-server`,
    '',
    'It listens on port 2024 (set PORT to change it). At start it checks the share against the',
    "member's partial key on chain and stops if they differ.",
    ...(rotation !== null
      ? [
          '',
          `Key rotation: the server serves with ${vars[0]} until the chain reaches version ${rotation}, then`,
          `switches to ${shareEnvName(rotation)} by itself. When the rotation is finalized, set committee_state: !Active`,
          `in ${CONFIG_NAME} and restart with ${shareEnvName(rotation)} only (the comments at its top say the same).`,
        ]
      : []),
    '',
    'Then:',
    '  1. Install the files where the key server runs: the share where it keeps its secrets (a root-only',
    `     EnvironmentFile of its service, or your secret manager), ${CONFIG_NAME} next to it.`,
    `  2. Then delete the plain files from this folder, ${envName} first (for example: shred -u ${envName}).`,
    '     Keep the encrypted package file as the backup, and its passphrase apart from it.',
    rotation === null
      ? `  3. Tell ${member} the key server runs: they send its API credentials to the coordinator.`
      : `  3. Tell ${member} the key server runs with both shares (its API credentials stay as they are).`,
    '',
    `This folder was opened with: ${OPEN_PACKAGE_COMMAND} <package file> <folder>`,
    '',
  ].join('\n');
}

export async function exportKeyServerPackage(
  s: MemberState,
  input: { passphrase: string; confirmCode?: string },
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  const config = keyServerConfigArtifact(s);
  const plan = keyServerPlan(s);
  if (!config || !plan)
    throw new CeremonyError(
      'seal/not-finalized',
      "The key server's config is known once the committee is finalized; until then hand over the share alone (a file or a backup).",
    );
  const versions = handoffVersions(s);
  // Check there is a share before asking the person anything.
  for (const version of versions) (await readShare(s, ctx, version)).fill(0);
  const names = versions.map(shareEnvName).join(' and ');
  const services = sealServices(ctx.services);
  const path = await requireGate(services.secretExport).destination({
    what: `an encrypted package for your key-server operator (the SECRET share ${names}, ${CONFIG_NAME} and instructions)`,
    fileName: keyServerPackageFileName(ctx.meta.title, ctx.meta.me.label),
    ...(input.confirmCode !== undefined ? { code: input.confirmCode } : {}),
  });
  if (!path) return step(s, 'Writing the key-server package was cancelled');
  if (existsSync(path))
    throw new CeremonyError(
      'seal/file-exists',
      `${path} already exists; choose a new file name (the package is never written over another file).`,
      { path },
    );
  const createdAt = ctx.now();
  const envName = packageEnvName(versions);
  const shares: { version: number; share: Uint8Array }[] = [];
  let text: string;
  try {
    for (const version of versions) shares.push({ version, share: await readShare(s, ctx, version) });
    const files: PackageFile[] = [
      { name: envName, text: memberShareEnvFile(s, shares) },
      { name: CONFIG_NAME, text: new TextDecoder().decode(config.bytes) },
      {
        name: README_NAME,
        text: operatorReadme({
          member: ctx.meta.me.label,
          address: s.address,
          committee: ctx.meta.title,
          network: s.committee.networkLabel,
          rehearsal: networkConfig(s.committee.network).kind === 'rehearsal',
          plan,
          envName,
          createdAt,
        }),
      },
    ];
    text = await encodeKeyServerPackage(
      { committee: ctx.meta.title, member: ctx.meta.me.label, keyServerObjId: plan.keyServerObjId, createdAt },
      files,
      input.passphrase,
      services.packageKdf ? { kdf: services.packageKdf } : {},
    );
  } finally {
    for (const x of shares) x.share.fill(0);
  }
  writeFileAtomic(path, text, { mode: 0o600 });
  const next: MemberState = { ...s, handoffs: [...s.handoffs, { method: 'key-server-package', where: path, at: createdAt }] };
  return step(
    next,
    `Wrote the encrypted key-server package to ${path} (${names}, ${CONFIG_NAME}, ${README_NAME}; mode 0600): give it to the key-server operator and the passphrase separately`,
  );
}
