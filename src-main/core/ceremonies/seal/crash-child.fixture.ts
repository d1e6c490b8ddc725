/**
 * TESTS ONLY: runs one engine operation of a Seal member in its own process, killing itself
 * with SIGKILL at a checkpoint, so crash.test.ts can prove a reopened install resumes the member
 * at the same step with nothing lost. The chain is the shared rehearsal ledger folder.
 *
 *   node --import tsx crash-child.fixture.ts '<json op>'
 */
import { readFileSync } from 'node:fs';
import { memberEngine, type CrashOp } from './test-support.ts';

const op = JSON.parse(process.argv[2]!) as CrashOp;
const engine = memberEngine(op.dataDir, (step, point) => {
  if (op.crashAt === `${step}:${point}`) process.kill(process.pid, 'SIGKILL');
});
switch (op.kind) {
  case 'join':
    await engine.join('invitation.ceremony', new Uint8Array(readFileSync(op.file!)), op.params ?? {});
    break;
  case 'act':
    await engine.act(op.id!, op.action!, op.input ?? {});
    break;
  case 'import': {
    const o = await engine.importFile(op.id!, 'bundle.ceremony', new Uint8Array(readFileSync(op.file!)));
    if (!o.accepted) throw new Error(o.error?.message);
    break;
  }
}
process.stdout.write('done');
