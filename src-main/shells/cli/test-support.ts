// Test-only helpers for the CLI tests (not product code; only *.test.ts import this).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64 } from '@mysten/sui/utils';
import { LEDGER_FILE } from '../../core/transports/sui/ledger/store.ts';
import { describeTransaction } from '../../core/transports/sui/tx/describe.ts';
import { main } from './main.ts';

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
