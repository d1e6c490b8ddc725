import { createHash } from 'node:crypto';
import { isCeremonyError } from '../errors.ts';
import { yieldTurn } from '../workers/time-slice.ts';
import { type TaskRunner, transferring } from '../workers/types.ts';
import { type BundleSigner, bundleBytes, encodeBundle, type NewBundle, parseBundle, signBundle } from './codec.ts';
import { type BundleErrorCode, BundleError } from './errors.ts';
import type { Bundle } from './format.ts';

/**
 * Large bundles are parsed and verified, and written, in a worker thread. A Seal message set at
 * n = 256 is a 17 MiB file: decoding its text, JSON, base64 payload and signature took the main
 * process's thread half a second in one piece, and that thread also serves the window; writing
 * it (base64, JSON, UTF-8) about 100 ms. The worker parses the payload's JSON too (a protocol
 * reads it with `payloadJson`), so only the protocol's schema check and its own work stay here.
 * The signature is always made here: the identity key never goes to a worker.
 */
const OFF_THREAD_BYTES = 1 << 20;

interface ParsedOffThread {
  bundle: Bundle;
  /** The payload as JSON, or undefined when it is not JSON (the protocol then says so). */
  json: unknown;
}

const payloadJsons = new WeakMap<Bundle, unknown>();

/** The worker task: `parseBundle`, plus the payload's JSON when it has one; the payload moves back. */
export function parseBundleTask(args: { bytes: Uint8Array }): ParsedOffThread {
  const bundle = parseBundle(args.bytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bundle.payload));
  } catch {
    json = undefined;
  }
  return transferring({ bundle, json }, [bundle.payload.buffer as ArrayBuffer]);
}

/**
 * `parseBundle`, in `runner` (the app's worker pool) when the file is large. A copy of the bytes
 * is moved to the worker rather than cloned: a memory copy here is a few milliseconds, cloning
 * 17 MiB into a message took the main thread about 40 ms. Throws only BundleError.
 */
export async function parseBundleOffThread(bytes: Uint8Array, runner: TaskRunner | undefined): Promise<Bundle> {
  if (!runner || bytes.length < OFF_THREAD_BYTES) return parseBundle(bytes);
  const moving = await copyInSlices(bytes);
  let r: ParsedOffThread;
  try {
    r = await runner.run<ParsedOffThread>('bundle.parse', { bytes: moving }, [moving.buffer]);
  } catch (e) {
    // The pool brings a worker's CeremonyError back as one; give it back its BundleError class.
    if (isCeremonyError(e) && e.code.startsWith('bundle/')) throw new BundleError(e.code as BundleErrorCode, e.message, e.details);
    throw e;
  }
  if (r.json !== undefined) payloadJsons.set(r.bundle, r.json);
  return r.bundle;
}

/** The worker task: a signed bundle's file (`bundleBytes`), moved back. */
export function bundleBytesTask(args: { bundle: Bundle }): Uint8Array {
  const bytes = bundleBytes(args.bundle);
  return transferring(bytes, [bytes.buffer as ArrayBuffer]);
}

/**
 * `encodeBundle` for a large payload: hashed here 4 MiB at a time with a turn of the event loop
 * between, signed here, and its file written by a worker of `runner`.
 */
export async function encodeBundleOffThread(
  b: NewBundle,
  signer: BundleSigner,
  runner: TaskRunner | undefined,
): Promise<{ bytes: Uint8Array; bundle: Bundle }> {
  if (!runner || b.payload.length < OFF_THREAD_BYTES) return encodeBundle(b, signer);
  const hash = createHash('sha256');
  for (let at = 0; at < b.payload.length; at += COPY_SLICE) {
    hash.update(b.payload.subarray(at, at + COPY_SLICE));
    await yieldTurn();
  }
  const bundle = signBundle(b, signer, hash.digest('hex'));
  const moving = await copyInSlices(b.payload);
  const bytes = await runner.run<Uint8Array>('bundle.bytes', { bundle: { ...bundle, payload: moving } }, [moving.buffer]);
  return { bytes, bundle };
}

/**
 * A copy of `bytes` made 4 MiB at a time with a turn of the event loop between: one 17 MiB copy
 * into fresh memory held the main thread for about 50 ms.
 */
async function copyInSlices(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Uint8Array(bytes.length);
  for (let at = 0; at < bytes.length; at += COPY_SLICE) {
    out.set(bytes.subarray(at, at + COPY_SLICE), at);
    await yieldTurn();
  }
  return out;
}

const COPY_SLICE = 4 << 20;

/** The bundle's payload as JSON: parsed by the worker for large bundles, here otherwise. Throws SyntaxError when it is not JSON. */
export function payloadJson(bundle: Bundle): unknown {
  if (payloadJsons.has(bundle)) return payloadJsons.get(bundle);
  return JSON.parse(new TextDecoder().decode(bundle.payload));
}
