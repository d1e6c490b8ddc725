/**
 * A rehearsal ledger kept in a folder and shared: two handles (and a second process) on one
 * folder see each other's writes, concurrent writers never lose one another's transactions, a lock
 * left by a dead process is broken, and a damaged file is reported clearly.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rehearsalChain } from '../open-chain.ts';
import { fakeDump, keypair } from '../test-support.ts';
import { RehearsalLedger } from './ledger.ts';
import { LEDGER_FILE, LOCK_FILE } from './store.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'rehearsal-ledger-'));

describe('rehearsal ledger in a folder', () => {
  it('two handles on one folder see each other’s transactions', async () => {
    const dir = tmp();
    const a = await RehearsalLedger.openFolder(dir);
    const b = await RehearsalLedger.openFolder(dir);
    expect(b.read().chainIdentifier).toBe(a.read().chainIdentifier);
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toContain('REHEARSAL');

    const coordinator = keypair(1);
    await a.faucet(coordinator.toSuiAddress());
    const chainB = rehearsalChain(b, dir);
    expect(await chainB.getBalance(coordinator.toSuiAddress())).toBe(10_000_000_000n);

    const published = await chainB.execute({ kind: 'publish', dump: fakeDump() }, coordinator);
    const { object } = await a.client.core.getObject({ objectId: published.upgradeCapId! });
    expect(object.owner).toEqual({ $kind: 'AddressOwner', AddressOwner: coordinator.toSuiAddress() });
    // A third handle opened later reads the same state from disk.
    const c = await RehearsalLedger.openFolder(dir);
    expect(c.read().transactions.map((t) => t.digest)).toEqual(a.read().transactions.map((t) => t.digest));
    expect(c.read().network).toBe('rehearsal');
  });

  it('concurrent writers through separate handles lose nothing', async () => {
    const dir = tmp();
    const handles = await Promise.all([0, 1, 2].map(() => RehearsalLedger.openFolder(dir)));
    const addr = keypair(2).toSuiAddress();
    await Promise.all(handles.flatMap((h) => Array.from({ length: 5 }, () => h.faucet(addr, 1000n))));
    const state = handles[0]!.read();
    expect(state.transactions).toHaveLength(15);
    expect(state.sequence).toBe(15);
    expect(await rehearsalChain(handles[1]!).getBalance(addr)).toBe(15_000n);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('another process writing to the same folder at the same time', async () => {
    const dir = tmp();
    const ledger = await RehearsalLedger.openFolder(dir);
    const addr = keypair(3).toSuiAddress();
    const script = join(dirname(), 'store.child.fixture.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, addr, '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let done = false;
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => ((done = true), resolve(code ?? -1))));
    // Keep writing until the child has finished, so the two processes' writes interleave.
    let mine = 0;
    while (!done && mine < 400) {
      await ledger.faucet(addr, 1n);
      mine++;
      await new Promise((r) => setTimeout(r, 1)); // let the child's exit event through
    }
    expect(await exited, stderr).toBe(0);
    expect(ledger.read().transactions).toHaveLength(mine + 20);
    expect(await rehearsalChain(ledger).getBalance(addr)).toBe(BigInt(mine) + 20n * 100n);
  }, 30_000);

  it('breaks a lock left behind by a process that no longer exists', async () => {
    const dir = tmp();
    const ledger = await RehearsalLedger.openFolder(dir, { lockTimeoutMs: 3000 });
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: (await import('node:os')).hostname(), at: Date.now() }));
    await ledger.faucet(keypair(4).toSuiAddress());
    expect(ledger.read().transactions).toHaveLength(1);
  });

  it('gives up with a clear error while a live process holds the lock', async () => {
    const dir = tmp();
    const ledger = await RehearsalLedger.openFolder(dir, { lockTimeoutMs: 200 });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: Date.now() }));
    await expect(ledger.faucet(keypair(5).toSuiAddress())).rejects.toMatchObject({ code: 'rehearsal/ledger-busy' });
  });

  it('reports a damaged or foreign ledger file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, LEDGER_FILE), '{"format":"something else"}');
    await expect(RehearsalLedger.openFolder(dir)).rejects.toMatchObject({ code: 'rehearsal/ledger-corrupt' });
    writeFileSync(join(dir, LEDGER_FILE), '{not json');
    await expect(RehearsalLedger.openFolder(dir)).rejects.toMatchObject({ code: 'rehearsal/ledger-corrupt' });
  });
});

function dirname(): string {
  return join(fileURLToPath(import.meta.url), '..');
}
