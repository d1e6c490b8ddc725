import { CeremonyError } from '../../errors.ts';
import { loadBlstDecoder } from './blst.ts';
import { loadMclDecoder } from './mcl.ts';
import { nobleDecoder } from './noble.ts';
import { BLS_BACKEND_NAMES, type BlsBackendName, type PointDecoder } from './types.ts';

/**
 * Which BLS12-381 decoder this thread uses. `CEREMONY_CRYPTO_BACKEND=blst|mcl|noble` forces one
 * (and fails loudly if it cannot load); unset, blst is used when its native module loads and noble
 * otherwise. mcl is WebAssembly and loads asynchronously, so a forced mcl needs
 * `prepareBlsBackend()` first (the shells and the worker entry call it at start-up). Worker
 * threads inherit the environment, so every thread of a run picks the same backend.
 */
const ENV = 'CEREMONY_CRYPTO_BACKEND';

let active: PointDecoder | undefined;

/** The backend `CEREMONY_CRYPTO_BACKEND` asks for ('auto' when unset); throws naming a bad value. */
export function requestedBlsBackend(env: NodeJS.ProcessEnv = process.env): BlsBackendName | 'auto' {
  const v = env[ENV]?.trim();
  if (!v) return 'auto';
  if ((BLS_BACKEND_NAMES as readonly string[]).includes(v)) return v as BlsBackendName;
  throw new CeremonyError('crypto/backend-unknown', `${ENV}=${v} names no crypto backend; use one of ${BLS_BACKEND_NAMES.join(', ')}.`, {
    value: v,
  });
}

function unavailable(name: BlsBackendName, e: unknown): CeremonyError {
  return new CeremonyError('crypto/backend-unavailable', `${ENV}=${name} but ${name} cannot load here: ${(e as Error).message}`, {
    backend: name,
  });
}

function loadSync(want: BlsBackendName | 'auto'): PointDecoder {
  if (want === 'noble') return nobleDecoder;
  if (want === 'mcl') {
    throw new CeremonyError('crypto/backend-not-ready', `${ENV}=mcl: the WebAssembly backend must be prepared before use.`, {
      backend: 'mcl',
    });
  }
  try {
    return loadBlstDecoder();
  } catch (e) {
    if (want === 'blst') throw unavailable('blst', e);
    return nobleDecoder;
  }
}

/** The decoder for this thread, loading blst or noble on first use. */
export function blsDecoder(): PointDecoder {
  active ??= loadSync(requestedBlsBackend());
  return active;
}

/** Loads the requested backend, including the asynchronous one (mcl); returns its name. */
export async function prepareBlsBackend(): Promise<BlsBackendName> {
  if (!active) {
    const want = requestedBlsBackend();
    if (want === 'mcl') {
      try {
        active = await loadMclDecoder();
      } catch (e) {
        throw unavailable('mcl', e);
      }
    } else active = loadSync(want);
  }
  return active.name;
}

/**
 * Where the group arithmetic of Seal processing runs for a decoding backend: on mcl (WebAssembly)
 * next to blst or mcl, on noble (the reference) when noble decodes.
 */
export function blsArithmetic(decoder: BlsBackendName): 'mcl' | 'noble' {
  return decoder === 'noble' ? 'noble' : 'mcl';
}

/** Name of the backend this thread uses (loads it if needed), for `ceremony --version` and the bench. */
export function blsBackendName(): BlsBackendName {
  return blsDecoder().name;
}

/**
 * Makes this thread use one particular backend until the returned function restores the previous
 * one. For tests that run the same checks on every backend (worker threads follow the environment
 * variable, not this switch).
 */
export async function switchBlsBackend(name: BlsBackendName): Promise<() => void> {
  const previous = active;
  active = name === 'mcl' ? await loadMclDecoder() : name === 'blst' ? loadBlstDecoder() : nobleDecoder;
  return () => {
    active = previous;
  };
}
