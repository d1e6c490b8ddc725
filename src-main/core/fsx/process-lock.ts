import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * An exclusive lock shared by every process on the machine (the app, the CLI), held as a file
 * created with O_EXCL that names its owner: `<pid> <random token>`.
 *
 * Waiting is asynchronous (short sleeps), so a process that holds the lock across an `await`
 * never blocks the one waiting. Within one process, callers are queued before they touch the
 * file (`withProcessLock`), so the same process never waits on itself.
 *
 * A lock whose owner no longer runs (killed mid-operation) is taken over: it is first renamed
 * to a unique name, which only one taker can do, and removed only when it is still the dead
 * owner's; a fresh lock swept aside by a slow taker is put back.
 */
export interface ProcessLockOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** The error to throw when the lock stays held by a live process. */
  busy: (ownerPid: number) => Error;
}

/** A lock file only just created may be empty for an instant; older than this, an empty one is debris. */
const EMPTY_GRACE_MS = 5_000;

const queues = new Map<string, Promise<unknown>>();

export async function withProcessLock<T>(path: string, opts: ProcessLockOptions, fn: () => Promise<T> | T): Promise<T> {
  const prev = queues.get(path) ?? Promise.resolve();
  const run = prev.then(
    () => locked(path, opts, fn),
    () => locked(path, opts, fn),
  );
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  try {
    return await run;
  } finally {
    if (queues.get(path) === tail) queues.delete(path);
  }
}

async function locked<T>(path: string, opts: ProcessLockOptions, fn: () => Promise<T> | T): Promise<T> {
  const release = await acquire(path, opts);
  try {
    return await fn();
  } finally {
    release();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquire(path: string, opts: ProcessLockOptions): Promise<() => void> {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    if (tryCreate(path, token)) return () => releaseIfOurs(path, token);
    const owner = readOwner(path);
    if (owner === 'gone') continue;
    if (owner === 'dead') {
      takeOver(path);
      continue;
    }
    if (Date.now() > deadline) throw opts.busy(owner);
    await sleep(wait + Math.random() * wait);
  }
}

function tryCreate(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The live owner's pid, 'dead' when the owner no longer runs, 'gone' when the lock disappeared meanwhile. */
function readOwner(path: string): number | 'dead' | 'gone' {
  const text = readText(path);
  if (text === undefined) return 'gone';
  const pid = Number(text.split(' ')[0]);
  if (!text.endsWith('\n')) {
    // Being written right now, or left empty by a crash between create and write.
    let age: number;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return 'gone';
    }
    return age > EMPTY_GRACE_MS ? 'dead' : Number.isInteger(pid) && pid > 0 ? pid : 0;
  }
  return pidAlive(pid) ? pid : 'dead';
}

function takeOver(path: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else took it over
    throw e;
  }
  const text = readText(aside) ?? '';
  const pid = Number(text.split(' ')[0]);
  if (text.endsWith('\n') && pidAlive(pid)) {
    // We swept aside a fresh lock that replaced the dead one: put it back unless yet another exists.
    try {
      linkSync(aside, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  rmSync(aside, { force: true });
}

function releaseIfOurs(path: string, token: string): void {
  if (readText(path) === token) rmSync(path, { force: true });
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
