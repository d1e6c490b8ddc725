/**
 * The JSON that `sui move build --dump-bytecode-as-base64` prints for the committee package:
 * `{ "modules": [base64…], "dependencies": ["0x1", "0x2", "<seal pkg>"], "digest": [32 numbers] }`.
 * The coordinator picks this file; it is checked here so a wrong file fails with a sentence
 * instead of an opaque publish error.
 */
import { fromBase64, isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../../errors.ts';

export interface BytecodeDump {
  /** Base64 of each compiled module, as `Transaction.publish` takes them. */
  modules: string[];
  /** Package ids the modules link against, normalized to 0x + 64 hex. */
  dependencies: string[];
  /** The package digest `sui move build` computed (32 bytes). */
  digest: Uint8Array;
}

/** Every compiled Move module starts with these bytes. */
const MOVE_MAGIC = [0xa1, 0x1c, 0xeb, 0x0b];

function invalid(why: string): never {
  throw new CeremonyError(
    'tx/bytecode-dump-invalid',
    `The package file is not the output of "sui move build --dump-bytecode-as-base64": ${why}.`,
  );
}

export function parseBytecodeDump(text: string): BytecodeDump {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    invalid('it is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) invalid('it is not a JSON object');
  const { modules, dependencies, digest } = json as Record<string, unknown>;

  if (!Array.isArray(modules) || modules.length === 0) invalid('"modules" must be a non-empty list');
  const mods = modules.map((m, i) => {
    if (typeof m !== 'string') invalid(`module ${i} is not a base64 string`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(m);
    } catch {
      invalid(`module ${i} is not valid base64`);
    }
    if (bytes.length < 4 || MOVE_MAGIC.some((b, k) => bytes[k] !== b)) invalid(`module ${i} is not compiled Move bytecode`);
    return m;
  });

  if (!Array.isArray(dependencies)) invalid('"dependencies" must be a list of package ids');
  const deps = dependencies.map((d, i) => {
    if (typeof d !== 'string' || !isValidSuiAddress(normalizeSuiAddress(d))) invalid(`dependency ${i} is not a package id`);
    return normalizeSuiAddress(d);
  });

  if (!Array.isArray(digest) || digest.length !== 32 || digest.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    invalid('"digest" must be a list of 32 bytes');
  }
  return { modules: mods, dependencies: deps, digest: Uint8Array.from(digest as number[]) };
}
