import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { canonicalJson } from '../encoding/canonical-json.ts';
import { fingerprintOf } from '../encoding/check-code.ts';

/**
 * The hash-chained, append-only journal of a ceremony: one JSON line per committed step,
 * each carrying the hash of the previous line. A person can read it; a tool can verify that
 * no line was changed, dropped or reordered.
 */
export interface JournalEntry {
  seq: number;
  at: string;
  step: string;
  summary: string;
  /** SHA-256 of what went in (action input, bundle fingerprint, effect result). */
  inputDigest: string;
  /** SHA-256 of the protocol state after the step. */
  stateDigest: string;
  prev: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(e: Omit<JournalEntry, 'hash'>): string {
  return fingerprintOf('ceremony-journal/v1\n' + canonicalJson(e));
}

export function makeEntry(
  prev: { seq: number; hash: string },
  fields: Pick<JournalEntry, 'at' | 'step' | 'summary' | 'inputDigest' | 'stateDigest'>,
): JournalEntry {
  const base = { seq: prev.seq + 1, ...fields, prev: prev.hash };
  return { ...base, hash: entryHash(base) };
}

export interface JournalReadResult {
  entries: JournalEntry[];
  /** False when a line was altered, reordered or is not valid JSON. */
  intact: boolean;
}

/** Reads the journal, keeping only entries up to the committed head (later ones were never committed). */
export function readJournal(path: string, head: { seq: number; hash: string }): JournalReadResult {
  if (!existsSync(path)) return { entries: [], intact: head.seq === 0 };
  const text = readFileSync(path, 'utf8');
  const entries: JournalEntry[] = [];
  let intact = true;
  let prev = GENESIS_HASH;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let e: JournalEntry;
    try {
      e = JSON.parse(line) as JournalEntry;
    } catch {
      // A torn last line from a crash mid-append is only acceptable beyond the committed head.
      if (entries.length < head.seq) intact = false;
      break;
    }
    if (e.seq > head.seq) break;
    const { hash, ...rest } = e;
    if (e.prev !== prev || entryHash(rest) !== hash || e.seq !== entries.length + 1) intact = false;
    prev = e.hash;
    entries.push(e);
  }
  if (entries.length !== head.seq || (head.seq > 0 && entries.at(-1)?.hash !== head.hash)) intact = false;
  return { entries, intact };
}

/**
 * Drops any line past the committed head (left by a crash between the journal append and the
 * state commit), so the next append continues the chain from the committed state.
 */
export function trimJournal(path: string, headSeq: number): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  let keep = 0;
  let bytes = 0;
  for (const line of lines) {
    if (keep === headSeq) break;
    if (!line.trim()) break;
    keep++;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  if (bytes < Buffer.byteLength(text, 'utf8')) truncateSync(path, bytes);
}

/**
 * Appends one line and fsyncs it, on libuv's thread pool: the engine's commits run on the main
 * process's thread, where an fsync behind 17 MiB of just-written files can take 100 ms.
 */
export async function appendJournal(path: string, entry: JournalEntry): Promise<void> {
  const handle = await open(path, 'a', 0o644);
  try {
    await handle.writeFile(JSON.stringify(entry) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
