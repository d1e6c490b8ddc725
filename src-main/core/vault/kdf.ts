import { scryptAsync } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../errors.ts';
import { wipe } from './bytes.ts';

/**
 * Passphrase key derivation: scrypt (RFC 7914).
 *
 * Why scrypt rather than argon2id: both are memory-hard; @noble/hashes' scrypt is about 2x
 * faster in pure JS than its argon2id at equal memory, so for the same wait the user gets
 * more memory hardness. The parameters are stored next to every salt (vault header, backup
 * header), so they can be raised later without breaking old files.
 */
export interface ScryptParams {
  alg: 'scrypt';
  /** CPU/memory cost, a power of two. Memory used is 128 * N * r bytes. */
  N: number;
  r: number;
  p: number;
}

/**
 * N = 2^17, r = 8, p = 1: 128 MiB, about 0.6 s with @noble/hashes on the 2-core build
 * machine (2^16: 0.33 s, 2^18: 1.26 s), inside the 0.5-1 s target for an unlock.
 */
export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ alg: 'scrypt', N: 2 ** 17, r: 8, p: 1 });

/**
 * Bounds accepted when READING a file: low enough that a hostile backup cannot make us
 * allocate more than 1 GiB or spin for minutes, wide enough for cheap test parameters and
 * for raising the cost for years.
 */
const MIN_LOG_N = 10;
const MAX_LOG_N = 20;
const MAX_MEMORY = 1024 ** 3;

/**
 * Cost bounds for any parameters we derive with, from a file we are handed (a backup) or that we
 * write: at most 4x the default in work (N·r·p, which time follows) and in memory (128·N·r).
 * A hostile backup asking for more (N=2^19, r=8, p=16 costs 82 s and 600 MiB per attempt here)
 * is refused before anyone is asked for its passphrase. A vault's own header is read within the
 * wider bounds above, so a vault raised earlier still opens.
 */
const COST_FACTOR = 4;
const MAX_WORK = COST_FACTOR * 2 ** 17 * 8 * 1;
const MAX_COST_MEMORY = COST_FACTOR * 128 * 2 ** 17 * 8;

export const MIN_PASSPHRASE_LENGTH = 8;
export const SALT_LENGTH = 16;

/** Returns the params when they are within bounds, else undefined. */
export function checkScryptParams(v: unknown): ScryptParams | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { alg, N, r, p } = v as Record<string, unknown>;
  if (alg !== 'scrypt') return undefined;
  if (!Number.isSafeInteger(N) || !Number.isSafeInteger(r) || !Number.isSafeInteger(p)) return undefined;
  const n = N as number;
  const log = Math.log2(n);
  if (!Number.isInteger(log) || log < MIN_LOG_N || log > MAX_LOG_N) return undefined;
  if ((r as number) < 1 || (r as number) > 32 || (p as number) < 1 || (p as number) > 16) return undefined;
  if (128 * n * (r as number) > MAX_MEMORY) return undefined;
  return { alg: 'scrypt', N: n, r: r as number, p: p as number };
}

export function requireScryptParams(v: ScryptParams): ScryptParams {
  const ok = checkScryptParams(v);
  if (!ok) {
    throw new CeremonyError(
      'vault/bad-kdf-params',
      `scrypt parameters N=${v.N}, r=${v.r}, p=${v.p} are out of range (N a power of two in 2^${MIN_LOG_N}..2^${MAX_LOG_N}, r 1..32, p 1..16, at most 1 GiB).`,
    );
  }
  return ok;
}

/** Why these (structurally valid) parameters cost too much to run, or undefined when they do not. */
export function kdfCostProblem(p: ScryptParams): string | undefined {
  const work = p.N * p.r * p.p;
  const memory = 128 * p.N * p.r;
  const times = (x: number, max: number) => `${Math.round((x / max) * COST_FACTOR)}x`;
  if (memory > MAX_COST_MEMORY) return `${memory / 1024 ** 2} MiB of memory, ${times(memory, MAX_COST_MEMORY)} the default`;
  if (work > MAX_WORK) return `${times(work, MAX_WORK)} the default work (N·r·p = ${work})`;
  return undefined;
}

/** Parameters we are about to write or run: within range and within 4x the default cost. */
export function requireAffordableScrypt(v: ScryptParams, what: string): ScryptParams {
  const ok = requireScryptParams(v);
  const problem = kdfCostProblem(ok);
  if (problem) {
    throw new CeremonyError(
      'vault/kdf-too-costly',
      `${what} asks for ${describeKdfParams(ok)}, which needs ${problem}; this app accepts at most ${COST_FACTOR}x the default (${describeKdfParams(DEFAULT_SCRYPT)}). Nothing was derived; no passphrase is needed to see this.`,
      { N: ok.N, r: ok.r, p: ok.p },
    );
  }
  return ok;
}

/**
 * The passphrase as bytes: Unicode NFKC first, so the same passphrase typed on macOS
 * (which may produce decomposed characters) and on Linux or Windows gives the same key.
 */
export function passphraseBytes(passphrase: string): Uint8Array {
  if (typeof passphrase !== 'string') throw new CeremonyError('vault/bad-passphrase', 'The passphrase must be text.');
  return utf8ToBytes(passphrase.normalize('NFKC'));
}

/** For a NEW passphrase (vault creation, passphrase change, backup export). */
export function assertNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase.normalize('NFKC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new CeremonyError(
      'vault/passphrase-too-short',
      `The new passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (a few random words is best).`,
    );
  }
}

export function newSalt(): Uint8Array {
  return randomBytes(SALT_LENGTH);
}

/** 32 bytes from scrypt. The caller wipes the result. */
export async function deriveFromPassphrase(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  const ok = requireScryptParams(params);
  const pw = passphraseBytes(passphrase);
  try {
    return await scryptAsync(pw, salt, { N: ok.N, r: ok.r, p: ok.p, dkLen: 32, maxmem: MAX_MEMORY + 4096 });
  } finally {
    wipe(pw);
  }
}

export function describeKdfParams(p: ScryptParams): string {
  return `scrypt N=2^${Math.log2(p.N)} r=${p.r} p=${p.p}`;
}

/** Cheap parameters (about 5 ms) for TESTS ONLY; production code uses DEFAULT_SCRYPT. */
export const TEST_SCRYPT: ScryptParams = Object.freeze({ alg: 'scrypt', N: 2 ** 10, r: 8, p: 1 });
