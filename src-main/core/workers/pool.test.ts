import { afterAll, describe, expect, it } from 'vitest';
import { CeremonyError } from '../errors.ts';
import { evaluateAtIndices, processAllMessages } from '../crypto/seal/process-all.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from '../crypto/seal/simulation.ts';
import { takeOpCounts } from '../crypto/seal/ops.ts';
import { G2, mulBase } from '../crypto/seal/groups.ts';
import { WorkerPool } from './pool.ts';

describe('WorkerPool', () => {
  const pool = new WorkerPool({ size: 2 });
  afterAll(() => pool.close());

  it('runs tasks in worker threads and returns structured results', async () => {
    const r = await pool.run<{ x: bigint; b: Uint8Array }>('pool.echo', { x: 5n, b: new Uint8Array([1, 2]) });
    expect(r.x).toBe(5n);
    expect([...r.b]).toEqual([1, 2]);
  });

  it('gives the same seal results as the inline runner, with work split over both workers', async () => {
    const vss = [mulBase(G2, 11n), mulBase(G2, 12n), mulBase(G2, 13n)];
    const inWorkers = await evaluateAtIndices(vss, 5, pool);
    const inline = await evaluateAtIndices(vss, 5);
    expect(inWorkers.map((b) => Buffer.from(b).toString('hex'))).toEqual(inline.map((b) => Buffer.from(b).toString('hex')));
  });

  it('processes a whole Seal DKG across workers with the same outputs and operation counts as inline', async () => {
    const rng = seededRandom('pool');
    const id = '0x' + 'ab'.repeat(32);
    const members = generateCommitteeKeys(4, rng);
    const messages = dealAll(id, 3, members, rng);
    const input = { committeeId: id, threshold: 3, members: registeredKeys(members), myPartyId: 2, encSk: members[2]!.encSk, messages };
    takeOpCounts();
    const a = await processAllMessages(input, { runner: pool });
    const opsPool = takeOpCounts();
    const b = await processAllMessages(input);
    const opsInline = takeOpCounts();
    expect(Buffer.from(a.masterShare).toString('hex')).toBe(Buffer.from(b.masterShare).toString('hex'));
    expect(a.partialPks.map((x) => Buffer.from(x).toString('hex'))).toEqual(b.partialPks.map((x) => Buffer.from(x).toString('hex')));
    expect(opsPool['G2.decode']).toBe(opsInline['G2.decode']);
    expect(opsPool['G2.decode']).toBeGreaterThanOrEqual(4 * 3);
  });

  it('rethrows a CeremonyError from a task with its code and details', async () => {
    const e = await pool.run('pool.echo', { fail: { code: 'seal/message-conflict', message: 'it failed' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CeremonyError);
    expect(e).toMatchObject({ code: 'seal/message-conflict', message: 'it failed', details: { simulated: true } });
    // An unlisted code is not a CeremonyError, but the task still fails (it does not hang).
    const odd = await pool.run('pool.echo', { fail: { code: 'not-listed', message: 'odd' } }).catch((x: unknown) => x);
    expect(odd).toBeInstanceOf(Error);
    expect(odd).not.toBeInstanceOf(CeremonyError);
  });

  it('rejects an unknown task and keeps working afterwards', async () => {
    await expect(pool.run('nope', {})).rejects.toThrow(/unknown task "nope"/);
    await expect(pool.run('pool.echo', { ok: 1 })).resolves.toEqual({ ok: 1 });
  });

  it('queues more tasks than workers', async () => {
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => pool.run<{ i: number }>('pool.echo', { i })));
    expect(results.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses work after close', async () => {
    const p = new WorkerPool({ size: 1 });
    await p.run('pool.echo', {});
    await p.close();
    await expect(p.run('pool.echo', {})).rejects.toThrow(/closed/);
  });
});
