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
import type { RecordDocument } from '../../../core/record/format.ts';
import { runCli } from '../test-support.ts';

const run = (...argv: string[]) => runCli(argv);

interface VerifyJson {
  ok: boolean;
  signed: { participant: string; valid: boolean }[];
  notSigned: { participant: string }[];
  codes: { moment: string; confirmedBy: string[] }[];
  problems: { kind: string; subject: string | null; message: string }[];
}

async function verify(file: string): Promise<{ code: number; v: VerifyJson }> {
  const r = await run('record', 'verify', file, '--json');
  return { code: r.code, v: JSON.parse(r.out) as VerifyJson };
}

/** Alterations of a real record: each must be refused, naming what was altered. */
async function expectAlterationsRefused(file: string, dir: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text) as RecordDocument;
  const cases: [string, (d: RecordDocument) => void, string, string | null][] = [
    ['outcome', (d) => (d.body.outcome = { ...d.body.outcome, extra: 'x' }), 'section', 'outcome'],
    [
      'message hash',
      (d) => (d.body.messages[0]!.sha256 = d.body.messages[0]!.sha256.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))),
      'section',
      'messages',
    ],
    [
      'a signature',
      (d) => (d.signatures[1]!.signature = d.signatures[1]!.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))),
      'signature',
      doc.signatures[1]!.participant,
    ],
    ['a roster key', (d) => (d.keys[d.signatures[0]!.participant] = d.signatures[1]!.publicKey), 'key', doc.signatures[0]!.participant],
  ];
  for (const [what, change, kind, subject] of cases) {
    const d = JSON.parse(text) as RecordDocument;
    change(d);
    const out = join(dir, `altered-${what.replace(/ /g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify(JSON.parse(JSON.stringify(d)), null, 2)}\n`);
    // Re-laid out as the app writes records, so only the content change remains.
    const { code, v } = await verify(out);
    expect(code, what).toBe(1);
    expect(v.ok).toBe(false);
    expect(
      v.problems.map((p) => [p.kind, p.subject]),
      what,
    ).toContainEqual([kind, subject]);
  }
  // Single bytes spread over the whole file.
  const bytes = readFileSync(file);
  for (let i = 0; i < bytes.length; i += Math.max(1, Math.floor(bytes.length / 40))) {
    const b = Buffer.from(bytes);
    b[i] = b[i]! ^ 0x01;
    const out = join(dir, `byte-${i}.json`);
    writeFileSync(out, b);
    const { code, v } = await verify(out).catch(async () => ({ code: (await run('record', 'verify', out)).code, v: null as never }));
    expect(code, `byte ${i}`).toBe(1);
    if (v) expect(v.problems.length, `byte ${i}`).toBeGreaterThan(0);
  }
}

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
    const { code, v } = await verify(file);
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
    await expectAlterationsRefused(file, out);
    const html = join(out, 'report.html');
    const rep = await run('record', 'report', file, '--html', html);
    expect(rep.code, rep.err).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/Verified: every signature/);
    expect(page).toMatch(/group key check code/);
    expect(page).not.toMatch(/<script/i);
  }, 120_000);
});
