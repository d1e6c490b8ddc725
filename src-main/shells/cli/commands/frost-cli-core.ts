import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { AppCore } from '../../../core/app/create-app.ts';
import { ADDRESS_BOOK_ROLE } from '../../../core/ceremonies/frost/index.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { CliContext } from '../command.ts';
import { unlockedCliCore } from './engine-for-cli.ts';

/**
 * Shared by the `ceremony frost …` commands: the app core for the data folder (with a vault),
 * the address book, and reading hex-or-file arguments.
 */
/** The core with an unlocked vault; a missing vault is created only with `--create-vault`. */
export function frostCore(ctx: CliContext): Promise<AppCore> {
  return unlockedCliCore(ctx, { createVault: ctx.options['create-vault'] === true, createOption: '--create-vault' });
}

export const CREATE_VAULT_OPTION = { 'create-vault': { type: 'boolean' } } as const;

export function findAddressBook(core: AppCore): string | null {
  return core.engine.list().find((c) => c.protocol === 'frost' && c.role === ADDRESS_BOOK_ROLE)?.id ?? null;
}

export function readInputFile(ctx: CliContext, path: string, what: string, maxBytes = 64 * 1024 * 1024): Uint8Array {
  const p = resolve(ctx.cwd, path);
  if (!existsSync(p) || !statSync(p).isFile()) throw new CeremonyError('cli/no-file', `No ${what} file at ${p}.`);
  if (statSync(p).size > maxBytes)
    throw new CeremonyError('cli/file-too-large', `${p} is larger than ${maxBytes} bytes; it is not a ${what}.`);
  return new Uint8Array(readFileSync(p));
}

/**
 * A value given either as hex on the command line or as a file holding hex text or raw bytes
 * (frost-client writes raw signature bytes with `-o`; our rehearsal writes hex).
 */
export function hexOrFile(ctx: CliContext, arg: string, what: string): Uint8Array {
  const p = resolve(ctx.cwd, arg);
  if (existsSync(p) && statSync(p).isFile()) {
    const raw = readInputFile(ctx, arg, what, 1024 * 1024);
    const text = new TextDecoder().decode(raw).trim().replace(/^0x/i, '');
    if (text.length > 0 && text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text)) return hexToBytes(text.toLowerCase());
    return raw;
  }
  const text = arg.trim().replace(/^0x/i, '');
  if (text.length > 0 && text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text)) return hexToBytes(text.toLowerCase());
  throw new CeremonyError('cli/bad-value', `The ${what} "${arg.slice(0, 40)}" is neither a file nor hex.`);
}

export function requireString(ctx: CliContext, name: string, usage: string): string {
  const v = ctx.options[name];
  if (typeof v !== 'string' || v.length === 0) throw new CeremonyError('cli/missing-option', `--${name} is required: ${usage}`);
  return v;
}
