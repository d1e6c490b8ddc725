import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiErrorShape } from '../../../src-shared/api/common.ts';
import * as lists from '../../../src-shared/api/errors.ts';
import { ERROR_CODES, isErrorCode } from '../../../src-shared/api/errors.ts';
import { COMMITTEE_ABORT_NAMES, KEY_SERVER_ABORT_NAMES, explainExecutionError } from '../transports/sui/chain-errors.ts';
import { COMMITTEE_MODULE, KEY_SERVER_MODULE } from '../transports/sui/type-names.ts';

/**
 * Every error code the API (and the CLI's `--json`) can return is one of the closed lists in
 * src-shared/api/errors.ts. The expectations are derived from the source, not copied: every
 * `area/name` literal the core and the shells write where a code goes, plus the codes built
 * from tables (Move abort names, frostd error variants). A new code that is not listed fails here
 * by name, as well as in the type check.
 */

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.(test|typetest|fixture)\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Literals in a code position: an error's first argument, `code:`, a code comparison, a code helper's argument. */
const CODE_POSITIONS = [
  /(?:Error|rejected|invalid|reject|yamlError|decodeError|bad|err|fail)\(\s*'([a-z][a-z-]*)'/g,
  /Error\(\s*'([a-z][a-z-]*\/[A-Za-z0-9_/-]+)'/g,
  /code(?:\?)?:\s*'([a-z][a-z-]*\/[A-Za-z0-9_/-]+)'/g,
  /code\s*[!=]==\s*'([a-z][a-z-]*\/[A-Za-z0-9_/-]+)'/g,
  /isCeremonyError\(\w+,\s*'([^']+)'\)/g,
];

function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources('src-main'), ...sources('src-renderer')]) {
    const text = readFileSync(file, 'utf8');
    for (const re of CODE_POSITIONS)
      for (const m of text.matchAll(re)) {
        let code = m[1]!;
        // Helpers that take the name part only prefix their area.
        if (!code.includes('/')) {
          if (/rejected\(/.test(m[0])) code = `rehearsal/${code}`;
          else if (/invalid\(/.test(m[0]) && file.endsWith('sui/keys.ts')) code = `sui-key/${code}`;
          else continue;
        }
        found.set(code, file);
      }
  }
  return found;
}

describe('error codes', () => {
  it('every code written in the source is listed', () => {
    const found = codesInSource();
    expect(found.size).toBeGreaterThan(300);
    const unlisted = [...found].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unlisted).toEqual([]);
  });

  it('every code built from a table is listed: Move aborts and frostd error variants', () => {
    const abort = (module: string, abortCode: number) =>
      explainExecutionError({
        $kind: 'MoveAbort',
        message: 'abort',
        MoveAbort: { abortCode: String(abortCode), location: { package: '0x1', module, functionName: 'f' } },
      } as never).code;
    const built = [
      ...COMMITTEE_ABORT_NAMES.map((_, i) => abort(COMMITTEE_MODULE, i)),
      abort(COMMITTEE_MODULE, 999),
      ...Object.keys(KEY_SERVER_ABORT_NAMES).map((k) => abort(KEY_SERVER_MODULE, Number(k))),
      abort(KEY_SERVER_MODULE, 999),
      abort('elsewhere', 1),
    ];
    expect(built.filter((c) => !isErrorCode(c))).toEqual([]);
    expect(new Set(built).size).toBeGreaterThan(COMMITTEE_ABORT_NAMES.length);
  });

  it('lists are closed and well formed: one area per list, area/name, no code twice', () => {
    const perList = Object.entries(lists).filter(([k]) => /^[A-Z_]+_CODES$/.test(k) && k !== 'ERROR_CODES');
    for (const [name, codes] of perList) {
      const areas = new Set((codes as readonly string[]).map((c) => c.split('/')[0]));
      expect(areas.size, name).toBe(1);
      for (const c of codes as readonly string[]) expect(c, name).toMatch(/^[a-z][a-z-]*\/[A-Za-z][A-Za-z0-9_/-]*$/);
    }
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(perList.reduce((n, [, c]) => n + (c as readonly string[]).length, 0)).toBe(ERROR_CODES.length);
  });

  it('the API boundary refuses an unlisted code', () => {
    expect(ApiErrorShape.safeParse({ code: 'frost/wrong-kind', message: 'm', details: {} }).success).toBe(true);
    expect(ApiErrorShape.safeParse({ code: 'frost-wrong-kind', message: 'm', details: {} }).success).toBe(false);
  });
});
