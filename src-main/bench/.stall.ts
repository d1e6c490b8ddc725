import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hexToBytes } from '@noble/hashes/utils.js';
import { processAllMessages } from '../core/crypto/seal/process-all.ts';
import { generateCommitteeKeys, registeredKeys, seededRandom } from '../core/crypto/seal/simulation.ts';
import { WorkerPool } from '../core/workers/pool.ts';
const n = Number(process.argv[2] ?? 256), t = Number(process.argv[3] ?? 171);
const messages = (JSON.parse(readFileSync(join(tmpdir(), 'ceremony-bench', `seal-${n}-${t}-v1.json`), 'utf8')) as string[]).map(hexToBytes);
const members = generateCommitteeKeys(n, seededRandom(`bench-${n}`));
const me = 100;
const pool = new WorkerPool({});
await pool.warmUp();
// long-task detector: a 5 ms interval that records when it fires late
let last = performance.now(); const late: [number, number][] = []; const t0 = performance.now();
const iv = setInterval(() => { const now = performance.now(); if (now - last > 40) late.push([Math.round(last - t0), Math.round(now - last)]); last = now; }, 5);
for (let i = 0; i < 2; i++) {
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
  const s = performance.now();
  await processAllMessages({ committeeId: '0x' + 'be'.repeat(32), threshold: t, members: registeredKeys(members), myPartyId: me, encSk: members[me]!.encSk, messages }, { runner: pool });
  h.disable();
  console.log('run', i, (performance.now() - s).toFixed(0), 'ms; max stall', (h.max / 1e6).toFixed(1), 'ms; late timers (start ms, gap ms):', JSON.stringify(late.splice(0)));
}
clearInterval(iv);
await pool.close(); process.exit(0);
