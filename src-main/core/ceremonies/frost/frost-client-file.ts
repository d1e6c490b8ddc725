/**
 * A frost-client credentials file read by main from its path, for the screens: the file holds
 * the member's key package (and communication key) in clear, so only its path crosses the API.
 * `previewFrostClientFile` lists its groups with public data only, to choose one;
 * `importFrostClientFile` (FrostCreate `mode: 'import-file'`) imports the one chosen, through the
 * same importer as the command line's `ceremony frost import`.
 */
import { readFileSync, statSync } from 'node:fs';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { CreateContext, Created } from '../../engine/protocol.ts';
import { frostSuite, isFrostSuiteId } from '../../crypto/frost/index.ts';
import { openFrostClientGroup, parseFrostClientConfig, type FrostClientConfig } from '../../formats/frost/config-toml.ts';
import type { FrostClientFileGroup, FrostClientFilePreview } from '../../../../src-shared/ceremonies/frost.ts';
import { checkCodeOfGroupKey } from './code-checks.ts';
import { frostClientMembers, importFrostClientConfig } from './frost-client-toml.ts';
import type { GroupState } from './state.ts';

/** Far above any real credentials file (a few kilobytes per group), as the command line's limit. */
const MAX_FILE_BYTES = 5_000_000;

const notFrostClient = (path: string, why: string, details: Record<string, string | number> = {}) =>
  new CeremonyError(
    'frost/config-not-frost-client',
    `${path} is not a frost-client credentials file (${why}). Choose the credentials.toml frost-client wrote.`,
    { path, ...details },
  );

/** Reads and parses the file; every refusal says which file and what to do. */
function readFrostClientFile(path: string): FrostClientConfig {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new CeremonyError('file/unreadable', `${path} is a folder: choose the credentials file inside it.`, { path });
    size = st.size;
  } catch (e) {
    if (isCeremonyError(e)) throw e;
    throw new CeremonyError('file/not-found', `There is no file ${path}. Check the folder and the file name, then read it again.`, {
      path,
    });
  }
  if (size > MAX_FILE_BYTES) throw notFrostClient(path, 'it is far too large');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new CeremonyError('file/unreadable', `This app cannot read ${path} (is it yours, and readable?).`, { path });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notFrostClient(path, 'it is not a text file');
  } finally {
    bytes.fill(0);
  }
  try {
    return parseFrostClientConfig(text);
  } catch (e) {
    // A syntax error means some other kind of file (JSON, a document): say that, with where.
    if (isCeremonyError(e, 'frost/config-malformed') && typeof e.details.line === 'number')
      throw notFrostClient(path, `it is not TOML: line ${e.details.line}, column ${e.details.column}`, {
        line: e.details.line,
        column: Number(e.details.column),
      });
    throw e;
  }
}

/** Overwrites the secrets a parsed file holds, once they are no longer needed. */
function wipe(cfg: FrostClientConfig): void {
  cfg.communicationKey?.privateKey.fill(0);
  for (const g of Object.values(cfg.groups)) g.keyPackage.fill(0);
}

function noGroupYet(path: string): CeremonyError {
  return new CeremonyError(
    'frost/import-no-group',
    `${path} holds no group yet: make one with frost-client first (frost-client dkg), or choose another credentials file.`,
    { path },
  );
}

/** One group as the screen lists it: public data, or why it cannot be imported. */
function previewGroup(cfg: FrostClientConfig, key: string): FrostClientFileGroup {
  const raw = cfg.groups[key]!;
  const suiteName = isFrostSuiteId(raw.ciphersuite) ? frostSuite(raw.ciphersuite).name : raw.ciphersuite;
  try {
    const g = openFrostClientGroup(key, raw);
    g.keyPackage.signingShare.fill(0);
    return {
      key: bytesToHex(g.publicKeyPackage.verifyingKey),
      description: g.description,
      suite: suiteName,
      code: checkCodeOfGroupKey(bytesToHex(g.publicKeyPackage.verifyingKey)),
      threshold: g.publicKeyPackage.minSigners ?? g.keyPackage.minSigners,
      n: Object.keys(g.publicKeyPackage.verifyingShares).length,
      members: frostClientMembers(cfg, g, '').map((m) => ({ name: m.contact ? m.member.name : null, you: m.mine })),
      problem: null,
    };
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    return {
      key: key.toLowerCase(),
      description: raw.description,
      suite: suiteName,
      code: checkCodeOfGroupKey(key),
      threshold: null,
      n: null,
      members: [],
      problem: e.message,
    };
  }
}

/** `frost.previewClientFile`: the file's groups, public data only. Nothing is written. */
export function previewFrostClientFile(path: string): FrostClientFilePreview {
  const cfg = readFrostClientFile(path);
  try {
    const keys = Object.keys(cfg.groups);
    if (!keys.length) throw noGroupYet(path);
    return { groups: keys.map((k) => previewGroup(cfg, k)) };
  } finally {
    wipe(cfg);
  }
}

/** FrostCreate `mode: 'import-file'`: the chosen group of the file at `path`, checked whole before the vault holds anything. */
export async function importFrostClientFile(
  input: { path: string; group: string; name?: string | undefined },
  ctx: CreateContext,
): Promise<Created<GroupState>> {
  const cfg = readFrostClientFile(input.path);
  try {
    if (!Object.keys(cfg.groups).length) throw noGroupYet(input.path);
    return await importFrostClientConfig(cfg, input.group, input.name, ctx);
  } finally {
    wipe(cfg);
  }
}
