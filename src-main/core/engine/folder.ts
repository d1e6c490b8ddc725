import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicAsync } from '../fsx/atomic.ts';
import { CeremonyError } from '../errors.ts';
import type { Json } from '../encoding/canonical-json.ts';
import type { CeremonyMeta, EffectDraft } from './protocol.ts';

/**
 * A ceremony is a folder a person could copy to a USB stick and inspect:
 *
 *   <dataDir>/ceremonies/<id>/
 *     state.json       the committed state (public data only)
 *     journal.jsonl    hash-chained log of every step
 *     artifacts/       public files this install produced (bundles, dkg.yaml, configs)
 *     inbox/           bundles received, exactly as imported
 */
export interface ArtifactRecord {
  id: string;
  name: string;
  description: string;
  mime: string;
  file: string;
  bytes: number;
  fingerprint: string;
}

export interface InboxRecord {
  fingerprint: string;
  senderId: string;
  senderLabel: string;
  step: string;
  file: string;
  importedAt: string;
  /**
   * The wire ceremony id the bundle carried. A protocol may move its ceremony to a new wire id
   * (a Seal committee restarted by its coordinator); duplicate and equivocation checks look only
   * at bundles of the current one. Missing in folders made before it was recorded: read the file.
   */
  ceremonyId?: string;
}

export interface EffectRecord extends EffectDraft {
  status: 'pending' | 'done';
  lastError: string | null;
  result: Json | null;
}

export interface CeremonyState<S = Json> {
  formatVersion: 1;
  meta: CeremonyMeta;
  protocolState: S;
  journalHead: { seq: number; hash: string };
  artifacts: ArtifactRecord[];
  inbox: InboxRecord[];
  effects: EffectRecord[];
}

export class CeremonyFolder {
  readonly dir: string;
  constructor(
    root: string,
    readonly id: string,
  ) {
    this.dir = join(root, id);
  }
  get statePath(): string {
    return join(this.dir, 'state.json');
  }
  get journalPath(): string {
    return join(this.dir, 'journal.jsonl');
  }
  artifactPath(file: string): string {
    return join(this.dir, 'artifacts', file);
  }
  inboxPath(file: string): string {
    return join(this.dir, 'inbox', file);
  }
  exists(): boolean {
    return existsSync(this.statePath);
  }
  readState<S>(): CeremonyState<S> {
    let raw: string;
    try {
      raw = readFileSync(this.statePath, 'utf8');
    } catch {
      throw new CeremonyError('engine/not-found', `No ceremony "${this.id}" on this machine.`, { id: this.id });
    }
    try {
      return JSON.parse(raw) as CeremonyState<S>;
    } catch {
      throw new CeremonyError(
        'engine/state-corrupt',
        `The state file of ceremony "${this.id}" is damaged (${this.statePath} is not complete JSON), so the ceremony cannot be opened. Nothing was changed and its secrets are still in the vault: put back state.json (or the whole folder) from a backup copy to continue it.`,
        { id: this.id },
      );
    }
  }
  writeState(state: CeremonyState<unknown>): void {
    writeFileAtomic(this.statePath, JSON.stringify(state, null, 2) + '\n');
  }
  /** The same, on libuv's thread pool: a commit's fsyncs off the main process's thread. */
  writeStateAsync(state: CeremonyState<unknown>): Promise<void> {
    return writeFileAtomicAsync(this.statePath, JSON.stringify(state, null, 2) + '\n');
  }
  /** Atomic, on libuv's thread pool: a commit may write hundreds of files (a Seal message set). */
  writeArtifactAsync(file: string, bytes: Uint8Array): Promise<void> {
    return writeFileAtomicAsync(this.artifactPath(file), bytes);
  }
  /** Atomic, on libuv's thread pool: an imported file may be a 17 MiB message set. */
  writeInbox(file: string, bytes: Uint8Array): Promise<void> {
    return writeFileAtomicAsync(this.inboxPath(file), bytes);
  }
  readArtifact(file: string): Uint8Array {
    return new Uint8Array(readFileSync(this.artifactPath(file)));
  }
  readInbox(file: string): Uint8Array {
    return new Uint8Array(readFileSync(this.inboxPath(file)));
  }

  /**
   * Fingerprints of the files the person saved or copied out of the app (`saved.json`): as far as
   * the app can know, handed over. Kept beside the state, not in it: saving is not a ceremony step.
   */
  readSaved(): string[] {
    const path = join(this.dir, 'saved.json');
    if (!existsSync(path)) return [];
    try {
      const list: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return []; // a damaged list only means a file may be offered again
    }
  }
  writeSaved(fingerprints: readonly string[]): void {
    writeFileAtomic(join(this.dir, 'saved.json'), JSON.stringify(fingerprints));
  }

  /**
   * Cross-process lock for one operation: the CLI and the app may both have the ceremony open.
   * A lock left by a killed process (its pid no longer runs) is taken over.
   */
  lock(): () => void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, '.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(path, 'utf8').trim());
        if (pid === process.pid || !pidAlive(pid)) {
          rmSync(path, { force: true });
          continue;
        }
        throw new CeremonyError(
          'engine/busy',
          `Ceremony "${this.id}" is being changed by another Ceremony program (process ${pid}); try again when it is done.`,
          { id: this.id, pid },
        );
      }
    }
    throw new CeremonyError('engine/busy', `Could not lock ceremony "${this.id}".`, { id: this.id });
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function listCeremonyIds(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'state.json')))
    .map((d) => d.name)
    .sort();
}
