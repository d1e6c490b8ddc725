import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { filledExamples } from '../../../core/formats/seal/test-support.ts';
import { createDealerMessage } from '../../../core/crypto/seal/dealer.ts';
import { generateCommitteeKeys, seededRandom } from '../../../core/crypto/seal/simulation.ts';
import { runCli } from '../test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'ceremony-seal-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCli(argv, { CEREMONY_DATA_DIR: dir });

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Replaces the value of `key` (or list item `index` of it) in a filled dkg.yaml. */
function alter(text: string, key: string, replacement: string, index?: number): string {
  const y = DkgYaml.parse(text);
  const raw = y.raw(key);
  const old = Array.isArray(raw) ? raw[index!]! : raw!;
  expect(text.split(old).length).toBe(2);
  return text.replace(old, replacement);
}

describe('ceremony seal validate', () => {
  it('accepts both filled upstream examples and the flat layout', async () => {
    const ex = await filledExamples();
    for (const [name, text] of [
      ['dkg.yaml', ex.fresh.text],
      ['dkg-rotation.yaml', ex.rotation.text],
      ['dkg-flat.yaml', ex.flat.text],
    ]) {
      const r = await cli('seal', 'validate', file(name!, text!));
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toMatch(/✓ MASTER_SHARE_V\d matches PARTIAL_PKS_V\d\[\d\]/);
      expect(r.out).toMatch(/✓ every \d-of-\d subset of PARTIAL_PKS_V\d interpolates to KEY_SERVER_PK/);
      expect(r.out).toContain('consistent: this share can be used');
    }
  });

  it('rejects an altered share, partial key or key server key, naming which', async () => {
    const ex = await filledExamples();
    const y = DkgYaml.parse(ex.fresh.text);
    const pks = y.raw('PARTIAL_PKS_V0') as string[];
    const cases: [string, string][] = [
      [alter(ex.fresh.text, 'MASTER_SHARE_V0', '0x' + '11'.repeat(32)), 'MASTER_SHARE_V0'],
      [alter(ex.fresh.text, 'PARTIAL_PKS_V0', pks[0]!, 2), 'PARTIAL_PKS_V0[2]'],
      [alter(ex.fresh.text, 'KEY_SERVER_PK', pks[1]!), 'KEY_SERVER_PK'],
    ];
    for (const [text, culprit] of cases) {
      const r = await cli('seal', 'validate', file('altered.yaml', text));
      expect(r.code).toBe(1);
      expect(r.out).toContain(`inconsistent: ${culprit}`);
    }
    const rotPks = DkgYaml.parse(ex.rotation.text).raw('PARTIAL_PKS_V1') as string[];
    const r = await cli('seal', 'validate', file('altered-rot.yaml', alter(ex.rotation.text, 'PARTIAL_PKS_V1', rotPks[0]!, 3)), '--json');
    expect(r.code).toBe(1);
    const data = JSON.parse(r.out) as { ok: boolean; culprit: { key: string } };
    expect(data.ok).toBe(false);
    expect(data.culprit.key).toMatch(/^PARTIAL_PKS_V1\[3\] \(member 0x/);
    expect(r.out).not.toContain(Buffer.from(ex.rotation.result.masterShare).toString('hex'));
  });

  it('fails with one line for unusable files', async () => {
    let r = await cli('seal', 'validate', join(dir, 'missing.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ceremony: Cannot read the DKG config .*no such file\.$/);
    const ex = await filledExamples();
    r = await cli(
      'seal',
      'validate',
      file(
        'no-outputs.yaml',
        DkgYaml.parse(ex.fresh.text)
          .toString()
          .replace(/MY_ADDRESS: '0x[0-9a-f]+'/, "MY_ADDRESS: '0x99'"),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/MY_ADDRESS 0x0+99 is not in MEMBERS/);
  });
});

describe('ceremony seal inspect-message', () => {
  const rng = seededRandom('inspect');
  const members = generateCommitteeKeys(3, rng);
  const committeeId = '0x' + '44'.repeat(32);
  const dealt = createDealerMessage({
    committeeId,
    threshold: 2,
    encryptionPks: members.map((m) => m.encPk),
    myPartyId: 1,
    signingSk: members[1]!.signingSk,
    rng,
  });
  const path = file(dealt.fileName, dealt.json);
  const pkHex = '0x' + Buffer.from(members[1]!.signingPk).toString('hex');

  it('decodes a message and checks encodings without a committee id', async () => {
    const r = await cli('seal', 'inspect-message', path);
    expect(r.code).toBe(0);
    expect(r.out).toContain('DKG message from party 1: threshold 2, 3 recipients, 698 bytes');
    expect(r.out).toMatch(/· signature: needs --committee-id/);
  });

  it('verifies both proofs and the signature with the committee id and signing key', async () => {
    const r = await cli('seal', 'inspect-message', path, '--committee-id', committeeId, '--signing-pk', pkHex, '--json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out) as { ok: boolean; checks: { name: string; status: string }[] };
    expect(data.checks.map((c) => `${c.name}:${c.status}`)).toEqual([
      'encoding:ok',
      'ciphertexts:ok',
      'proof-of-knowledge:ok',
      'encryption-proof:ok',
      'signature:ok',
    ]);
  });

  it('fails for another committee or another key', async () => {
    let r = await cli('seal', 'inspect-message', path, '--committee-id', '0x' + '45'.repeat(32));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ proof-of-knowledge/);
    r = await cli(
      'seal',
      'inspect-message',
      path,
      '--committee-id',
      committeeId,
      '--signing-pk',
      '0x' + Buffer.from(members[0]!.signingPk).toString('hex'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ signature/);
    r = await cli('seal', 'inspect-message', file('b64.json', JSON.stringify({ message: Buffer.from(dealt.bytes).toString('base64') })));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Base64/);
  });
});
