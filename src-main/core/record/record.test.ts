import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import type { RecordBody, RecordDocument } from './format.ts';
import { assembleRecord, renderRecord } from './record-file.ts';
import { signRecord, signStatementWith, type SignerPart } from './sign.ts';
import { verifyRecord } from './verify.ts';

const body: RecordBody = {
  ceremony: { protocol: 'frost', id: 'frost-0123abcd', kind: 'frost-dkg', rehearsal: true },
  parameters: { suite: 'FROST-ED25519-SHA512-v1', threshold: 2, members: 3 },
  roster: [
    { id: 'p1', label: 'Alice', address: null },
    { id: 'p2', label: 'Bob', address: null },
    { id: 'p3', label: 'Carol', address: null },
  ],
  messages: [
    { sender: 'p1', step: 'round1', sha256: 'a'.repeat(64) },
    { sender: 'p2', step: 'round1', sha256: 'b'.repeat(64) },
  ],
  codes: [{ moment: 'group-key', what: 'group key check code', code: '0412-9938-1175' }],
  outcome: { groupKey: 'c'.repeat(64) },
};

const keys = ['p1', 'p2', 'p3'].map((id, i) => ({ id, sk: new Uint8Array(32).fill(i + 1) }));
const pub = (i: number) => bytesToHex(ed25519.getPublicKey(keys[i]!.sk));

async function entry(i: number, b: RecordBody = body) {
  const { id, sk } = keys[i]!;
  const part: SignerPart = {
    participant: id,
    appVersion: '0.9.0 (test)',
    confirmed: [{ moment: 'group-key', code: '0412-9938-1175', verdict: 'match', heard: ['p1'], at: '2026-01-01T00:00:00.000Z' }],
    transactions: [],
    keysKnown: Object.fromEntries(keys.map((_, j) => [keys[j]!.id, pub(j)])),
  };
  return signRecord(b, part, async (st) => signStatementWith(sk, st), pub(i));
}

async function twoOfThree(): Promise<{ doc: RecordDocument; bytes: Uint8Array }> {
  const doc = assembleRecord(body, [await entry(1), await entry(0)]);
  return { doc, bytes: new TextEncoder().encode(renderRecord(doc)) };
}

function edit(bytes: Uint8Array, f: (d: RecordDocument) => void): Uint8Array {
  const d = JSON.parse(new TextDecoder().decode(bytes)) as RecordDocument;
  f(d);
  return new TextEncoder().encode(renderRecord(d));
}

describe('the signed ceremony record', () => {
  it('collects signatures in roster order and verifies without a vault, listing who did not sign', async () => {
    const { doc, bytes } = await twoOfThree();
    expect(doc.signatures.map((s) => s.participant)).toEqual(['p1', 'p2']);
    const v = verifyRecord(bytes);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.signed.map((s) => [s.participant, s.valid])).toEqual([
      ['p1', true],
      ['p2', true],
    ]);
    expect(v.notSigned).toEqual([{ participant: 'p3', label: 'Carol' }]);
    expect(v.codes[0]!.confirmedBy).toEqual(['p1', 'p2']);
  });

  it('refuses a signature made over another body when collecting', async () => {
    const other = await entry(2, { ...body, outcome: { groupKey: 'd'.repeat(64) } });
    expect(() => assembleRecord(body, [other])).toThrow(/p3 does not fit this record: it was signed over another outcome/);
  });

  it('names the body section that was altered', async () => {
    const { bytes } = await twoOfThree();
    const v = verifyRecord(edit(bytes, (d) => (d.body.outcome = { groupKey: 'e'.repeat(64) })));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      {
        kind: 'section',
        subject: 'outcome',
        message: "The record's outcome was altered after it was signed: it is not what Alice (p1), Bob (p2) signed.",
      },
    ]);
    const r = verifyRecord(edit(bytes, (d) => (d.body.roster[2]!.label = 'Mallory')));
    expect(r.problems.map((p) => [p.kind, p.subject])).toEqual([['section', 'roster']]);
  });

  it('names the signer whose entry or signature was altered', async () => {
    const { bytes } = await twoOfThree();
    const flipped = verifyRecord(
      edit(bytes, (d) => (d.signatures[1]!.signature = d.signatures[1]!.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')))),
    );
    expect(flipped.problems.map((p) => [p.kind, p.subject])).toEqual([['signature', 'p2']]);
    expect(flipped.problems[0]!.message).toMatch(/^The signature of Bob \(p2\) does not verify/);
    const claimed = verifyRecord(edit(bytes, (d) => (d.signatures[0]!.confirmed = [])));
    expect(claimed.problems.map((p) => [p.kind, p.subject])).toEqual([['signature', 'p1']]);
  });

  it('refuses a swapped roster key, naming whose key', async () => {
    const { bytes } = await twoOfThree();
    const v = verifyRecord(edit(bytes, (d) => (d.keys['p2'] = pub(2))));
    expect(v.ok).toBe(false);
    expect(v.problems.every((p) => p.kind === 'key' && p.subject === 'p2')).toBe(true);
    expect(v.problems[0]!.message).toMatch(/Bob \(p2\)/);
    // A key added for someone no signer vouched for.
    const added = verifyRecord(edit(bytes, (d) => (d.keys['p9'] = pub(2))));
    expect(added.problems.map((p) => [p.kind, p.subject])).toEqual([['key', 'p9']]);
  });

  it('refuses every single-byte change, each naming what it altered', async () => {
    const { bytes } = await twoOfThree();
    // Every byte of the first kilobyte and a spread over the rest (each verification checks the signatures).
    const positions = [...Array(Math.min(1024, bytes.length)).keys()];
    for (let i = 1024; i < bytes.length; i += 7) positions.push(i);
    for (const i of positions) {
      for (const delta of [1, 0x20]) {
        const b = bytes.slice();
        b[i] = b[i]! ^ delta;
        const v = verifyRecord(b);
        expect(v.ok, `byte ${i} ^ ${delta}`).toBe(false);
        expect(v.problems.length, `byte ${i}`).toBeGreaterThan(0);
        expect(v.problems[0]!.message.length).toBeGreaterThan(20);
      }
    }
  });

  it('refuses a layout change that keeps the content, naming the byte', async () => {
    const { bytes } = await twoOfThree();
    const text = new TextDecoder().decode(bytes).replace('{\n  "body"', '{\n   "body"');
    const v = verifyRecord(new TextEncoder().encode(text));
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'layout', subject: '4' })]);
    expect(v.problems[0]!.message).toMatch(/byte 4 \(line 2, column 3\)/);
  });

  it('counts bytes, not characters, when it names where the layout changed', async () => {
    const named: RecordBody = { ...body, roster: body.roster.map((r, i) => (i === 0 ? { ...r, label: 'Zoë Ø' } : r)) };
    const text = renderRecord(assembleRecord(named, [await entry(0, named)]));
    // An extra space before "format", which comes after the roster (keys are sorted).
    const at = text.indexOf('"format"');
    const altered = `${text.slice(0, at)} ${text.slice(at)}`;
    const v = verifyRecord(new TextEncoder().encode(altered));
    const offset = Buffer.byteLength(text.slice(0, at), 'utf8');
    expect(offset).toBeGreaterThan(at); // the roster's "ë" and "Ø" take two bytes each
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'layout', subject: String(offset) })]);
  });

  it('names a malformed field and refuses a record nobody signed', async () => {
    const { bytes } = await twoOfThree();
    const v = verifyRecord(edit(bytes, (d) => ((d.signatures[0] as unknown as Record<string, unknown>)['publicKey'] = 'xyz')));
    expect(v.problems[0]).toMatchObject({ kind: 'field', subject: 'signatures.0.publicKey' });
    const none = verifyRecord(new TextEncoder().encode(renderRecord(assembleRecord(body, []))));
    expect(none.ok).toBe(false);
    expect(none.problems[0]!.kind).toBe('signatures');
    expect(none.notSigned).toHaveLength(3);
  });
});
