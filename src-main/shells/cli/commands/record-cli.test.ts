/**
 * Issue 17, acceptance 1: a FROST rehearsal and a 3-of-5 Seal rehearsal each end with a record
 * signed by every participant who ran the app, which `ceremony record verify` accepts without a
 * vault; the same record with any byte altered is refused, naming what was altered; and
 * `ceremony record report` writes a readable HTML page of it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRecordAlterationsRefused, runCli, type RecordVerdictJson } from '../test-support.ts';

const run = (...argv: string[]) => runCli(argv);

describe('ceremony record verify', () => {
  it('accepts the record of a FROST rehearsal signed by every member, and refuses it altered', async () => {
    const out = mkdtempSync(join(tmpdir(), 'record-frost-'));
    writeFileSync(join(out, 'msg'), 'record rehearsal');
    const r = await run(
      'rehearse',
      'frost',
      '--suite',
      'ed25519',
      '--members',
      '3',
      '--threshold',
      '2',
      '--message',
      join(out, 'msg'),
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    const file = join(out, 'ceremony-record.json');
    const r0 = await run('record', 'verify', file, '--json');
    const code = r0.code;
    const v = JSON.parse(r0.out) as RecordVerdictJson;
    expect(v.problems).toEqual([]);
    expect(code).toBe(0);
    expect(v.signed.map((s) => [s.participant, s.valid])).toEqual([
      ['p1', true],
      ['p2', true],
      ['p3', true],
    ]);
    expect(v.notSigned).toEqual([]);
    expect(v.codes).toEqual([expect.objectContaining({ moment: 'group-key', confirmedBy: ['p1', 'p2', 'p3'] })]);
    const text = await run('record', 'verify', file);
    expect(text.out).toMatch(/VALID/);
    expect(text.out).toMatch(/Not signed: {2}everyone signed/);
    await expectRecordAlterationsRefused(file, out);
    const html = join(out, 'report.html');
    const rep = await run('record', 'report', file, '--html', html);
    expect(rep.code, rep.err).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/Verified: every signature/);
    expect(page).toMatch(/group key check code/);
    expect(page).not.toMatch(/<script/i);
  }, 120_000);
});
