import type { ErrorCode } from '../../../src-shared/api/errors.ts';
import { CeremonyError } from '../errors.ts';
import { SEAL_TASKS } from '../crypto/seal/tasks.ts';
import { bundleBytesTask, parseBundleTask } from '../bundles/off-thread.ts';
import { memberDkgYamlTask } from '../ceremonies/seal/member-dkg-yaml.ts';
import type { TaskTable } from './types.ts';

/**
 * Every task a worker thread can run. The worker entry imports this one table, so a bundler sees
 * all task code from a single entry; protocols add their table here (FROST: `...FROST_TASKS`).
 */
export const WORKER_TASKS: TaskTable = {
  /** Round trip for warm-up and health checks; `{fail: {code, message}}` simulates a failing task. */
  'pool.echo': (args: { fail?: { code: ErrorCode; message: string } } & Record<string, unknown>) => {
    if (args?.fail) throw new CeremonyError(args.fail.code, args.fail.message, { simulated: true });
    return args;
  },
  'bundle.parse': parseBundleTask,
  'bundle.bytes': bundleBytesTask,
  'seal.memberDkgYaml': memberDkgYamlTask,
  ...SEAL_TASKS,
};
