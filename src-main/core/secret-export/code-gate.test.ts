import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../vault/test-support.ts';
import { oneTimeCodeGate } from './code-gate.ts';

function gate(now = () => 0) {
  const exportDir = join(mkdtempSync(join(tmpdir(), 'gate-')), 'ceremony-exports');
  const shown: { what: string; path: string; code: string }[] = [];
  return { exportDir, shown, gate: oneTimeCodeGate({ exportDir, announce: (r) => shown.push(r), now }) };
}
const req = { what: 'the SECRET share', fileName: 'master-share.env' };

describe('the loopback one-time code gate', () => {
  it('a first request prints a code on the terminal and is refused; the typed code gives a fresh path in ceremony-exports/, once', async () => {
    const g = gate();
    await expectCode(g.gate.destination(req), 'export/code-required');
    expect(g.shown).toHaveLength(1);
    expect(g.shown[0]!.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(g.shown[0]!.path).toBe(join(g.exportDir, 'master-share.env'));
    const path = await g.gate.destination({ ...req, code: g.shown[0]!.code.toLowerCase() });
    expect(path).toBe(join(g.exportDir, 'master-share.env'));
    // used once
    await expectCode(g.gate.destination({ ...req, code: g.shown[0]!.code }), 'export/code-expired');
    // an existing file is never the destination
    writeFileSync(path!, 'x');
    await expectCode(g.gate.destination(req), 'export/code-required');
    // ... and the terminal names the file the code will write
    expect(g.shown[1]!.path).toBe(join(g.exportDir, 'master-share-2.env'));
    expect(await g.gate.destination({ ...req, code: g.shown[1]!.code })).toBe(join(g.exportDir, 'master-share-2.env'));
  });

  it('a file that appears at the announced path after the code was printed is not overwritten', async () => {
    const g = gate();
    await expectCode(g.gate.destination(req), 'export/code-required');
    mkdirSync(g.exportDir, { recursive: true });
    writeFileSync(g.shown[0]!.path, 'x');
    expect(await g.gate.destination({ ...req, code: g.shown[0]!.code })).toBe(join(g.exportDir, 'master-share-2.env'));
  });

  it('a wrong code voids the challenge; a code is bound to what is exported; codes expire after 5 minutes', async () => {
    let t = 0;
    const g = gate(() => t);
    await expectCode(g.gate.destination(req), 'export/code-required');
    await expectCode(g.gate.destination({ ...req, code: 'AAAA-AAAA' }), 'export/code-wrong');
    await expectCode(g.gate.destination({ ...req, code: g.shown[0]!.code }), 'export/code-expired');
    await expectCode(g.gate.destination(req), 'export/code-required');
    await expectCode(g.gate.destination({ what: 'another secret', fileName: req.fileName, code: g.shown[1]!.code }), 'export/code-expired');
    await expectCode(g.gate.destination(req), 'export/code-required');
    t = 5 * 60_000 + 1;
    await expectCode(g.gate.destination({ ...req, code: g.shown[2]!.code }), 'export/code-expired');
  });

  it('a file name from a request cannot leave ceremony-exports/', async () => {
    const g = gate();
    await expectCode(g.gate.destination({ what: 'x', fileName: '../../etc/passwd' }), 'export/code-required');
    expect(g.shown[0]!.path).toBe(join(g.exportDir, 'passwd'));
  });
});
