// Test-only helpers for the CLI tests (not product code; only *.test.ts import this).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64 } from '@mysten/sui/utils';
import { LEDGER_FILE } from '../../core/transports/sui/ledger/store.ts';
import { describeTransaction } from '../../core/transports/sui/tx/describe.ts';
import { expect } from 'vitest';
import type { RecordDocument } from '../../core/record/format.ts';
import { main } from './main.ts';
import { createApp } from '../../core/app/create-app.ts';
import { TEST_SCRYPT } from '../../core/vault/index.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `ceremony <argv>` in-process with `env` as its whole environment, capturing its exit code and lines. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The code a refused `seal genkey-and-register` / `seal process-all-and-propose` printed to
 * compare ("… run again with --<option> <code>."), as a member reads it off the terminal.
 */
export function codeToAdd(r: CliRun, option: 'committee-code' | 'messages-hash-code'): string {
  const m = new RegExp(`--${option} (\\d{4}-\\d{4}-\\d{4})`).exec(r.err);
  if (!m) throw new Error(`no --${option} hint in: ${r.err}`);
  return m[1]!;
}

/**
 * The `seal_committee::<fn>` calls on a rehearsal ledger (`propose` or `propose_for_rotation`):
 * who sent each and the messages_hash argument it carried, decoded from the transaction bytes.
 */
export function proposalsOnLedger(
  ledgerDir: string,
  fn: 'propose' | 'propose_for_rotation',
): { sender: string; messagesHash: string | null }[] {
  const ledger = JSON.parse(readFileSync(join(ledgerDir, LEDGER_FILE), 'utf8')) as {
    transactions: { bytes: string | null; functions: string[]; sender: string }[];
  };
  const proposals = ledger.transactions.filter((t) => t.functions.some((f) => f.endsWith(`::seal_committee::${fn}`)));
  return proposals.map((p) => {
    const call = describeTransaction(fromBase64(p.bytes!)).commands.find((c) => c.kind === 'move-call');
    return {
      sender: p.sender,
      messagesHash: call?.kind === 'move-call' ? call.arguments.find((a) => a.name === 'messages_hash')!.value : null,
    };
  });
}

export interface RecordVerdictJson {
  ok: boolean;
  signed: { participant: string; valid: boolean }[];
  notSigned: { participant: string }[];
  codes: { moment: string; code: string; confirmedBy: string[] }[];
  problems: { kind: string; subject: string | null; message: string }[];
}

async function verifyRecordFile(file: string): Promise<{ code: number; v: RecordVerdictJson }> {
  const r = await runCli(['record', 'verify', file, '--json']);
  return { code: r.code, v: JSON.parse(r.out) as RecordVerdictJson };
}

/** Alterations of a real record (issue 17): each is refused by `ceremony record verify`, naming what was altered. */
export async function expectRecordAlterationsRefused(file: string, dir: string): Promise<void> {
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
    const { code, v } = await verifyRecordFile(out);
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
    const { code, v } = await verifyRecordFile(out).catch(async () => ({
      code: (await runCli(['record', 'verify', out])).code,
      v: null as never,
    }));
    expect(code, `byte ${i}`).toBe(1);
    if (v) expect(v.problems.length, `byte ${i}`).toBeGreaterThan(0);
  }
}

/** The vault passphrase of the CLI tests' installs (`CEREMONY_VAULT_PASSPHRASE` when they run the CLI). */
export const CLI_TEST_PASSPHRASE = 'cli test passphrase';

/** A data folder with a passphrase vault (cheap KDF, kept in vault.json) holding one Sui account. */
export async function cliTestInstall(dir: string, label: string): Promise<string> {
  const core = await createApp({ dataDir: dir, shell: 'cli', kdf: TEST_SCRYPT });
  await core.vault.init({ kind: 'passphrase', passphrase: CLI_TEST_PASSPHRASE });
  const a = await core.wallet.generate(label);
  await core.close();
  return a.address;
}
