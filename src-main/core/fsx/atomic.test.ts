import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic.ts';

describe('writeFileAtomic', () => {
  it('replaces content, leaves no temp files and applies the mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const p = join(dir, 'sub', 'state.json');
    writeFileAtomic(p, 'one', { mode: 0o600 });
    writeFileAtomic(p, 'two', { mode: 0o600 });
    expect(readFileSync(p, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['state.json']);
    if (process.platform !== 'win32') expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file when the write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const p = join(dir, 'f');
    writeFileSync(p, 'old');
    // A directory in place of the parent makes the temp-file open fail.
    expect(() => writeFileAtomic(join(p, 'child'), 'x')).toThrow();
    expect(readFileSync(p, 'utf8')).toBe('old');
  });
});
