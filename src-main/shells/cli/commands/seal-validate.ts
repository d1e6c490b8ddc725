import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../core/errors.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { checkSealOutputs } from '../../../core/crypto/seal/consistency.ts';
import type { Command } from '../command.ts';

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CeremonyError(
      code === 'ENOENT' ? 'file/not-found' : 'file/unreadable',
      `Cannot read ${what} ${path}${code === 'ENOENT' ? ': no such file' : ''}.`,
      {
        path,
      },
    );
  }
}

/**
 * `ceremony seal validate <dkg.yaml>`: before starting a key server with a share, check that the
 * member's MASTER_SHARE matches its own PARTIAL_PKS entry (party = index of MY_ADDRESS in
 * MEMBERS) and that every threshold-sized subset of PARTIAL_PKS interpolates to KEY_SERVER_PK.
 */
export const sealValidateCommand: Command = {
  usage: '<dkg.yaml> [--version K] [--json]',
  description:
    'Reads a seal-committee-cli dkg.yaml (current sectioned or older flat layout). Uses the highest version K\n' +
    'that has both PARTIAL_PKS_VK and MASTER_SHARE_VK unless --version is given. Exits 1 naming the first\n' +
    'inconsistency. The share itself is never printed.',
  options: { version: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const path = resolve(ctx.cwd, ctx.args[0]!);
    const file = basename(path);
    const y = DkgYaml.parse(readTextFile(path, 'the DKG config'), file);
    const members = y.members();
    const threshold = y.threshold();
    const myAddress = y.myAddress();
    const party = members.indexOf(myAddress);
    if (party < 0) {
      throw new CeremonyError(
        'seal/not-a-member',
        `${file}: MY_ADDRESS ${myAddress} is not in MEMBERS, so the file's share cannot be placed.`,
        { file },
      );
    }
    const versions = y.outputVersions();
    const requested = ctx.options.version;
    let version: number;
    if (typeof requested === 'string') {
      if (!/^\d+$/.test(requested)) throw new CeremonyError('cli/usage', '--version must be a number.', {});
      version = Number(requested);
    } else {
      if (versions.length === 0) {
        throw new CeremonyError('seal/dkg-yaml-missing', `${file} has no DKG outputs yet (no PARTIAL_PKS_Vk with MASTER_SHARE_Vk).`, {
          file,
        });
      }
      version = versions[versions.length - 1]!;
    }
    const partialPks = y.partialPks(version);
    if (partialPks.length !== members.length) {
      throw new CeremonyError(
        'seal/dkg-yaml-invalid',
        `${file}: PARTIAL_PKS_V${version} has ${partialPks.length} keys but MEMBERS has ${members.length} addresses.`,
        { file, key: `PARTIAL_PKS_V${version}` },
      );
    }
    const keyServerPk = y.has('KEY_SERVER_PK') ? y.keyServerPk() : undefined;
    const result = checkSealOutputs({
      threshold,
      partialPks,
      myPartyId: party,
      masterShare: y.masterShare(version),
      ...(keyServerPk ? { keyServerPk } : {}),
    });

    const culprit = result.culprit
      ? result.culprit.field === 'PARTIAL_PKS'
        ? `PARTIAL_PKS_V${version}[${result.culprit.index}] (member ${members[result.culprit.index!]})`
        : result.culprit.field === 'MASTER_SHARE'
          ? `MASTER_SHARE_V${version}`
          : 'KEY_SERVER_PK'
      : undefined;
    const lines = [
      `${file}: ${y.layout} layout${y.isRotation() ? ', rotation' : ''}, version ${version}, member ${party} of ${members.length} (${myAddress}), threshold ${threshold}`,
      ...result.checks.map(
        (c) =>
          `  ${c.ok ? '✓' : '✗'} ${c.detail.replace('PARTIAL_PKS', `PARTIAL_PKS_V${version}`).replace('MASTER_SHARE', `MASTER_SHARE_V${version}`)}`,
      ),
    ];
    if (!keyServerPk && result.impliedKeyServerPk)
      lines.push(`  (no KEY_SERVER_PK in the file; the partial keys imply 0x${bytesToHex(result.impliedKeyServerPk)})`);
    if (!result.ok) {
      const firstFailed = result.checks.find((c) => !c.ok)!;
      lines.push(culprit ? `inconsistent: ${culprit} was altered or belongs to another run` : `inconsistent: ${firstFailed.detail}`);
    } else lines.push('consistent: this share can be used to start the key server');
    return {
      data: {
        ok: result.ok,
        file: path,
        layout: y.layout,
        rotation: y.isRotation(),
        version,
        party,
        threshold,
        members: members.length,
        checks: result.checks,
        culprit: result.culprit ? { ...result.culprit, key: culprit } : null,
        impliedKeyServerPk: result.impliedKeyServerPk ? `0x${bytesToHex(result.impliedKeyServerPk)}` : null,
      },
      text: lines.join('\n'),
      exitCode: result.ok ? 0 : 1,
    };
  },
};
