import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { buildInfo } from '../../core/build-info.ts';
import { defaultDataDir } from '../../core/paths.ts';
import type { CliIo, Command, CommandEntry, CommandResult } from './command.ts';
import { commands } from './commands/index.ts';

// Only the catalogue is imported here: a command's module, the crypto backend and the error
// types load when needed, so `ceremony --help` starts in a fraction of a second.

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const stdio: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  askSecret: async (prompt) => (await import('./ask-secret.ts')).askSecret(prompt),
};

/** Global options may come before the command words: `ceremony --data-dir D show ID`. */
function commandWords(argv: string[]): { words: string[]; indices: number[] } {
  const words: string[] = [];
  const indices: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') {
      i++;
      continue;
    }
    if (a === '--json' || a === '--help' || a === '-h' || a === '--version' || a.startsWith('--data-dir=')) continue;
    if (a.startsWith('-')) break;
    words.push(a);
    indices.push(i);
  }
  return { words, indices };
}

/** Longest command path that prefixes the command words. */
function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  const { words, indices } = commandWords(argv);
  let best: CommandEntry | undefined;
  for (const c of commands) {
    if (c.path.length <= words.length && c.path.every((p, i) => words[i] === p)) {
      if (!best || c.path.length > best.path.length) best = c;
    }
  }
  if (!best) return undefined;
  const drop = new Set(indices.slice(0, best.path.length));
  return { entry: best, rest: argv.filter((_, i) => !drop.has(i)) };
}

export function generalHelp(): string {
  const lines = [
    'ceremony: distributed key generation ceremonies (Seal committee, FROST, quorum groups)',
    '',
    'Usage: ceremony <command> [options]',
    '',
    'Commands:',
  ];
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  for (const c of [...commands].sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))) {
    lines.push(`  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  }
  lines.push(
    '',
    'Global options:',
    '  --version          the app version, the commit it was built from, and the BLS12-381 backend in use',
    '                     (env CEREMONY_CRYPTO_BACKEND=blst|mcl|noble)',
    '  --json             machine-readable output on stdout',
    "  --data-dir <dir>   app data folder (default: the desktop app's; env CEREMONY_DATA_DIR)",
    '  -h, --help         help for a command',
    '',
    'Exit status: 0 on success, 1 on failure (one-line error on stderr), 2 on a usage error.',
  );
  return lines.join('\n');
}

function commandHelp(entry: CommandEntry, c: Command): string {
  const lines = [`Usage: ceremony ${entry.path.join(' ')} ${c.usage}`.trimEnd(), '', entry.summary];
  if (c.description) lines.push('', c.description);
  const opts = Object.entries(c.options ?? {});
  if (opts.length) {
    lines.push('', 'Options:');
    for (const [name, o] of opts) lines.push(`  --${name}${o.type === 'string' ? ' <value>' : ''}${o.short ? `, -${o.short}` : ''}`);
  }
  return lines.join('\n');
}

/** What `ceremony --version` reports: the build, and the BLS12-381 backend this machine loads. */
async function versionInfo(): Promise<{ version: string; commit: string; blsBackend: string; blsArithmetic: string }> {
  const { version, commit } = buildInfo();
  const { blsArithmetic, prepareBlsBackend } = await import('../../core/crypto/bls-backend/select.ts');
  const blsBackend = await prepareBlsBackend();
  return { version, commit, blsBackend, blsArithmetic: blsArithmetic(blsBackend) };
}

class UsageError extends Error {}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo = stdio, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    if (argv.includes('--version') && commandWords(argv).words.length === 0) {
      const info = await versionInfo();
      io.out(
        wantsJson
          ? JSON.stringify(info, null, 2)
          : `ceremony ${info.version} (commit ${info.commit}; BLS12-381 backend: ${info.blsBackend}, arithmetic on ${info.blsArithmetic})`,
      );
      return 0;
    }
    const found = findCommand(argv);
    if (!found) {
      const first = commandWords(argv).words[0];
      if (first === undefined || first === 'help') {
        io.out(generalHelp());
        return first === undefined && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
      }
      throw new UsageError(`unknown command "${commandWords(argv).words.join(' ')}"; run \`ceremony --help\``);
    }
    const { entry, rest } = found;
    const command = await entry.load();
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(`${(e as Error).message.split('\n')[0]}; run \`ceremony ${entry.path.join(' ')} --help\``);
    }
    if (parsed.values.help) {
      io.out(commandHelp(entry, command));
      return 0;
    }
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`usage: ceremony ${entry.path.join(' ')} ${command.usage}`.trimEnd());
    }
    const { json, 'data-dir': dataDirOpt, help: _help, version: _version, ...options } = parsed.values as Record<string, unknown>;
    const result: CommandResult = await command.run({
      args: parsed.positionals,
      options: options as Record<string, string | boolean | undefined>,
      json: json === true,
      dataDir: resolve(typeof dataDirOpt === 'string' ? dataDirOpt : defaultDataDir(env)),
      cwd: process.cwd(),
      env,
      io,
    });
    if (json === true) io.out(JSON.stringify(result.data, null, 2));
    else if (result.text) io.out(result.text);
    return result.exitCode ?? 0;
  } catch (e) {
    const { CeremonyError } = await import('../../core/errors.ts');
    const usage = e instanceof UsageError;
    const message = e instanceof CeremonyError || usage ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    if (wantsJson)
      io.out(
        JSON.stringify({ ok: false, error: { code: e instanceof CeremonyError ? e.code : usage ? 'cli/usage' : 'cli/internal', message } }),
      );
    io.err(`ceremony: ${message.split('\n')[0]}`);
    return usage ? 2 : 1;
  }
}
