/**
 * Shared by `ceremony frost online-dkg` and `online-sign`: a frost-client TOML config as the
 * operator's identity (communication key and address book), member lists given as contact
 * names or hex keys, the logged-in frostd client, and progress lines on stderr.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../core/errors.ts';
import {
  parseFrostClientConfig,
  stringifyFrostClientConfig,
  type CommunicationKeyPair,
  type FrostClientConfig,
} from '../../../core/formats/frost/config-toml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { FrostdClient, frostdTlsFetch, type FrostdStepReport } from '../../../core/transports/frostd/index.ts';
import type { CliContext, CliIo } from '../command.ts';

export interface OperatorConfig {
  readonly path: string;
  readonly config: FrostClientConfig;
  readonly key: CommunicationKeyPair;
  readonly me: string;
  /** Display name by hex key (the config's contacts). */
  readonly contacts: Record<string, string>;
}

export function usage(message: string): CeremonyError {
  return new CeremonyError('cli/usage', message, {});
}

export function stringOption(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function readFileOption(ctx: CliContext, name: string): Uint8Array | undefined {
  const file = stringOption(ctx, name);
  if (file === undefined) return undefined;
  const path = resolve(ctx.cwd, file);
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    throw new CeremonyError('cli/no-file', `No readable file at ${path} (--${name}).`, { path });
  }
}

export function loadOperatorConfig(ctx: CliContext): OperatorConfig {
  const file = stringOption(ctx, 'config');
  if (!file) throw usage('--config <frost-client TOML> is required (the file `frost-client init` writes).');
  const path = resolve(ctx.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CeremonyError('cli/no-file', `No readable frost-client config at ${path}.`, { path });
  }
  const config = parseFrostClientConfig(text);
  if (!config.communicationKey)
    throw new CeremonyError(
      'frost/config-no-key',
      `The config ${path} has no communication key yet; create one first (frost-client init).`,
      { path },
    );
  const contacts = Object.fromEntries(Object.values(config.contacts).map((c) => [bytesToHex(c.publicKey), c.name]));
  return { path, config, key: config.communicationKey, me: bytesToHex(config.communicationKey.publicKey), contacts };
}

/** Members given as contact names, 64-hex keys, or `me`, comma-separated. */
export function resolveMembers(list: string, op: OperatorConfig): string[] {
  return list
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
    .map((x) => {
      if (x === 'me') return op.me;
      if (/^[0-9a-fA-F]{64}$/.test(x)) return x.toLowerCase();
      const byName = Object.entries(op.contacts).find(([, name]) => name === x);
      if (!byName)
        throw new CeremonyError('frost/unknown-contact', `"${x}" is neither a contact in ${op.path} nor a 64-digit hex key.`, { name: x });
      return byName[0];
    });
}

export function positiveInt(ctx: CliContext, name: string, fallback?: number): number {
  const v = stringOption(ctx, name);
  if (v === undefined) {
    if (fallback === undefined) throw usage(`--${name} is required.`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usage(`--${name} must be a whole number, not "${v}".`);
  return n;
}

/** `--timeout-min`: minutes per phase (fractions allowed), in milliseconds. */
export function timeoutOption(ctx: CliContext, fallbackMinutes = 20): number {
  const v = stringOption(ctx, 'timeout-min');
  if (v === undefined) return fallbackMinutes * 60_000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw usage(`--timeout-min must be a positive number of minutes, not "${v}".`);
  return Math.round(n * 60_000);
}

/** Logs in to the relay with the operator's communication key. */
export async function connect(ctx: CliContext, server: string, op: OperatorConfig): Promise<FrostdClient> {
  const caFile = stringOption(ctx, 'ca');
  const ca = caFile === undefined ? undefined : new TextDecoder().decode(readFileOption(ctx, 'ca'));
  const client = new FrostdClient({ server, ...(ca ? { fetch: frostdTlsFetch({ ca }) } : {}) });
  await client.login(op.key);
  return client;
}

export function saveOperatorConfig(op: OperatorConfig, config: FrostClientConfig): void {
  writeFileAtomic(op.path, stringifyFrostClientConfig(config), { mode: 0o600 });
}

/** Prints a line on stderr whenever the phase or the list of members being waited for changes. */
export function progress(io: CliIo, label: string): (report: FrostdStepReport) => void {
  let last = '';
  return (r) => {
    const waiting = r.waitingFor.map((w) => w.name).join(', ');
    const line =
      r.status === 'awaiting-approval'
        ? `${label}: waiting for approval`
        : `${label}: ${r.phase}${waiting ? ` — waiting for ${waiting}` : ''}`;
    if (line !== last) io.err(line);
    last = line;
    if (r.transientError) io.err(`${label}: relay trouble, retrying (${r.transientError.message})`);
  };
}

export const COMMON_ONLINE_OPTIONS = {
  config: { type: 'string' },
  server: { type: 'string' },
  ca: { type: 'string' },
  'timeout-min': { type: 'string' },
  'poll-ms': { type: 'string' },
} as const;
