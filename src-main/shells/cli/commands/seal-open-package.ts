import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { inspectKeyServerPackage, openKeyServerPackage } from '../../../core/formats/seal/key-server-package.ts';
import type { Command } from '../command.ts';

/** For scripts: the package's passphrase (never on the command line, where other users can read it). */
export const PACKAGE_PASSPHRASE_ENV = 'CEREMONY_PACKAGE_PASSPHRASE';
const MAX_FILE = 1024 * 1024;

function isUsableFolder(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return true; // does not exist yet
  }
  return readdirSync(dir).length === 0;
}

/**
 * `ceremony seal open-package <file> <folder>`: for the operator of a member's key server. Opens
 * the encrypted package the member wrote (formats/seal/key-server-package.ts) and writes its files
 * (the share env file, key-server-config.yaml, README.txt), each mode 0600, into a new or empty
 * folder; nothing is ever written over. Needs no vault and no ceremony on this computer.
 */
export const sealOpenPackageCommand: Command = {
  usage: '<package file> <new folder> [--json]',
  description:
    `Asks for the passphrase on the terminal, or reads it from the environment variable ${PACKAGE_PASSPHRASE_ENV} (scripts). ` +
    'The folder must not exist yet or be empty. After installing the share on the key server, delete the plain files.',
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const file = resolve(ctx.cwd, ctx.args[0]!);
    const folder = resolve(ctx.cwd, ctx.args[1]!);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new CeremonyError('cli/no-file', `No file at ${file}.`);
    }
    if (size > MAX_FILE)
      throw new CeremonyError('cli/file-too-large', `${file} is over ${MAX_FILE} bytes: it is not a key-server package.`);
    const bytes = new Uint8Array(readFileSync(file));
    // Refused before anyone is asked for the passphrase: another file, or a folder in use.
    const about = inspectKeyServerPackage(bytes);
    if (!isUsableFolder(folder))
      throw new CeremonyError('cli/file-exists', `${folder} is not an empty folder; name a new one (nothing is written over).`, {
        path: folder,
      });
    const passphrase =
      ctx.env[PACKAGE_PASSPHRASE_ENV] ??
      (await ctx.io.askSecret?.(`Passphrase of the package for ${about.member} (committee ${about.committee}): `)) ??
      null;
    if (!passphrase)
      throw new CeremonyError(
        'cli/missing-passphrase',
        `Type the package's passphrase when asked (run this in a terminal), or put it in the environment variable ${PACKAGE_PASSPHRASE_ENV}.`,
      );
    const opened = await openKeyServerPackage(bytes, passphrase);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const written: string[] = [];
    for (const f of opened.files) {
      const path = join(folder, f.name);
      // 'wx': fails rather than replace a file that appeared meanwhile.
      writeFileSync(path, f.text, { mode: 0o600, flag: 'wx' });
      written.push(path);
    }
    const env = opened.files.find((f) => f.name.endsWith('.env'))?.name;
    const config = opened.files.find((f) => f.name.endsWith('.yaml'))?.name;
    const start =
      env && config ? [`  set -a; . ${join(folder, env)}; set +a`, `  CONFIG_PATH=${join(folder, config)} cargo run --bin key-server`] : [];
    const text = [
      `Opened the key-server package for ${opened.about.member} (committee ${opened.about.committee}, key server ${opened.about.keyServerObjId}).`,
      `Wrote ${written.length} files (readable by you only):`,
      ...written.map((p) => `  ${p}`),
      ...(start.length ? ['', 'Start the key server in your checkout of https://github.com/MystenLabs/seal:', ...start] : []),
      '',
      `Read ${join(folder, 'README.txt')}. Once the share is installed where the key server keeps its secrets, delete these plain files.`,
    ].join('\n');
    return { data: { folder, files: written, ...opened.about }, text };
  },
};
