/**
 * TESTS ONLY: runs one engine operation in its own process, optionally killing itself with
 * SIGKILL at a checkpoint, so crash tests can prove that a restart resumes without loss.
 *
 *   node --import tsx engine-child.ts '<json op>'
 *   op = { dataDir, outboxDir, crashAt?: "step:checkpoint", kind: 'create'|'join'|'act'|'import', ... }
 */
import { readFileSync } from 'node:fs';
import { Engine } from '../engine/engine.ts';
import { testProtocol } from '../engine/testing/testproto.ts';
import { PlainFileSecretStore } from './file-secret-store.ts';

interface Op {
  dataDir: string;
  outboxDir: string;
  crashAt?: string;
  kind: 'create' | 'join' | 'act' | 'import';
  id?: string;
  action?: string;
  file?: string;
  params?: Record<string, unknown>;
}

const op = JSON.parse(process.argv[2]!) as Op;
const engine = new Engine({
  dataDir: op.dataDir,
  secrets: new PlainFileSecretStore(op.dataDir),
  protocols: [testProtocol],
  services: { test: { outboxDir: op.outboxDir } },
  checkpoint: (step, point) => {
    if (op.crashAt === `${step}:${point}`) process.kill(process.pid, 'SIGKILL');
  },
});

let out: unknown;
switch (op.kind) {
  case 'create':
    out = await engine.create('test', 'Test', false, op.params ?? {});
    break;
  case 'join':
    out = await engine.join(op.file!, new Uint8Array(readFileSync(op.file!)), op.params ?? {});
    break;
  case 'act':
    out = await engine.act(op.id!, op.action!, op.params ?? {});
    break;
  case 'import':
    out = await engine.importFile(op.id!, op.file!, new Uint8Array(readFileSync(op.file!)));
    break;
}
process.stdout.write(JSON.stringify(out));
