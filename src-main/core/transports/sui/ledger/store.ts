/**
 * Where a rehearsal ledger's state lives: in memory (tests, one-process rehearsals), or in a folder
 * that several processes share (the coordinator and each member run their own app instance).
 *
 * Folder design: one JSON file replaced atomically with writeFileAtomic, so a reader never sees a
 * half-written state and can read without any lock; writers serialize through an exclusive lock
 * file (`open(O_CREAT|O_EXCL)`), re-read the latest state under the lock, apply their change and
 * write it back. A lock left behind by a crashed process is recognised (dead pid on this host, or
 * older than STALE_LOCK_MS) and broken under a second exclusive "break" lock so that two waiters
 * never both break it.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CeremonyError } from '../../../errors.ts';
import { writeFileAtomic } from '../../../fsx/atomic.ts';
import { REHEARSAL_LABEL, genesisState, isLedgerState, type LedgerState } from './state.ts';

export interface LedgerStore {
  /** A consistent snapshot of the latest committed state. Do not mutate it. */
  read(): LedgerState;
  /** Runs `fn` on the latest state under exclusive access and commits what it changed (nothing if it throws). */
  update<T>(fn: (state: LedgerState) => T): Promise<T>;
  /** Where the ledger lives, for labels: a folder path or "memory". */
  readonly location: string;
}

export class MemoryLedgerStore implements LedgerStore {
  readonly location = 'memory';
  private state: LedgerState;
  constructor(initial: LedgerState = genesisState()) {
    this.state = initial;
  }
  read(): LedgerState {
    return this.state;
  }
  async update<T>(fn: (state: LedgerState) => T): Promise<T> {
    const draft = structuredClone(this.state);
    const result = fn(draft);
    this.state = draft;
    return result;
  }
}

export const LEDGER_FILE = 'ledger.json';
export const LOCK_FILE = 'ledger.lock';
const BREAK_FILE = 'ledger.lock.break';
const README_FILE = 'README.txt';
const STALE_LOCK_MS = 30_000;

export interface FolderStoreOptions {
  /** How long a writer waits for the lock before giving up. */
  lockTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FolderLedgerStore implements LedgerStore {
  readonly location: string;
  private readonly file: string;
  private cache: { key: string; state: LedgerState } | null = null;
  private readonly lockTimeoutMs: number;

  /** Opens the ledger in `dir`, creating a fresh one (genesis) when the folder holds none. */
  constructor(
    readonly dir: string,
    opts: FolderStoreOptions = {},
  ) {
    this.location = dir;
    this.file = join(dir, LEDGER_FILE);
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 15_000;
  }

  /** Creates the ledger file if missing (under the lock, so two processes starting together agree on one genesis). */
  async init(): Promise<void> {
    if (existsSync(this.file)) {
      this.read();
      return;
    }
    await this.withLock(() => {
      if (existsSync(this.file)) return;
      writeFileAtomic(join(this.dir, README_FILE), `${REHEARSAL_LABEL}.\nNothing in this folder is valid on any Sui network.\n`);
      writeFileAtomic(this.file, JSON.stringify(genesisState()));
    });
  }

  read(): LedgerState {
    let st;
    try {
      st = statSync(this.file, { bigint: true });
    } catch {
      throw new CeremonyError('rehearsal/ledger-missing', `There is no rehearsal ledger in ${this.dir}.`, { dir: this.dir });
    }
    // Every write is a new file renamed into place; inode numbers can be reused, so the
    // nanosecond change time and size are part of the key too.
    const key = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    if (this.cache?.key === key) return this.cache.state;
    const state = this.load();
    this.cache = { key, state };
    return state;
  }

  private load(): LedgerState {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      throw new CeremonyError('rehearsal/ledger-corrupt', `The rehearsal ledger file ${this.file} cannot be read as JSON.`, {
        file: this.file,
      });
    }
    if (!isLedgerState(json)) {
      throw new CeremonyError('rehearsal/ledger-corrupt', `${this.file} is not a Ceremony rehearsal ledger.`, { file: this.file });
    }
    return json;
  }

  async update<T>(fn: (state: LedgerState) => T): Promise<T> {
    return this.withLock(() => {
      const state = this.load(); // always the latest, never the cache
      const result = fn(state);
      writeFileAtomic(this.file, JSON.stringify(state));
      this.cache = null;
      return result;
    });
  }

  private async withLock<T>(fn: () => T): Promise<T> {
    const lockPath = join(this.dir, LOCK_FILE);
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      let fd: number | null = null;
      try {
        fd = openSync(lockPath, 'wx', 0o644);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new CeremonyError('rehearsal/ledger-missing', `The folder ${this.dir} does not exist.`, { dir: this.dir });
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (fd !== null) {
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }));
        } finally {
          closeSync(fd);
        }
        try {
          return fn();
        } finally {
          rmSync(lockPath, { force: true });
        }
      }
      this.breakIfStale(lockPath);
      if (Date.now() > deadline) {
        throw new CeremonyError(
          'rehearsal/ledger-busy',
          `Another program has held the rehearsal ledger in ${this.dir} for over ${Math.round(this.lockTimeoutMs / 1000)} seconds; try again, or close the other Ceremony windows using it.`,
          { dir: this.dir },
        );
      }
      await sleep(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
    }
  }

  private breakIfStale(lockPath: string): void {
    const breakPath = join(this.dir, BREAK_FILE);
    if (!this.isStale(lockPath)) return;
    let fd: number;
    try {
      fd = openSync(breakPath, 'wx');
    } catch {
      // Someone else is breaking it; if their break lock is itself abandoned, clear it.
      try {
        if (Date.now() - statSync(breakPath).mtimeMs > STALE_LOCK_MS) rmSync(breakPath, { force: true });
      } catch {
        /* gone already */
      }
      return;
    }
    try {
      closeSync(fd);
      if (this.isStale(lockPath)) rmSync(lockPath, { force: true });
    } finally {
      rmSync(breakPath, { force: true });
    }
  }

  private isStale(lockPath: string): boolean {
    try {
      const text = readFileSync(lockPath, 'utf8');
      const age = Date.now() - statSync(lockPath).mtimeMs;
      let info: { pid?: number; host?: string } = {};
      try {
        info = JSON.parse(text) as typeof info;
      } catch {
        // Written but not yet filled by its owner: only age can make it stale.
      }
      if (info.host === hostname() && typeof info.pid === 'number' && !pidAlive(info.pid)) return true;
      return age > STALE_LOCK_MS;
    } catch {
      return false; // released meanwhile
    }
  }
}
