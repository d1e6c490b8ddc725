import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { fact, runGroupSteps } from './group-cli.ts';

const GENESIS_ACTIONS = ['confirm-roster', 'send-shares', 'finalize'];

/**
 * `ceremony group genesis [FILES…]`: imports what the other operators sent and runs the next
 * genesis steps that need no decision (round 2, finalisation). Confirming the roster is a
 * decision: compare the roster check code with every operator, then pass it with
 * --confirm-roster; a different code is refused.
 */
export const groupGenesisCommand: Command = {
  usage: '[FILES or FOLDERS…] [--group ID] [--confirm-roster CODE] [--out DIR] [--json]',
  options: { group: { type: 'string' }, 'confirm-roster': { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 0, max: 1000 },
  run: (ctx) =>
    runGroupSteps(
      ctx,
      async (core, id) => {
        const done: string[] = [];
        for (;;) {
          const v = core.engine.view(id);
          const next = v.next.find((a) => GENESIS_ACTIONS.includes(a.action));
          if (!next) break;
          if (next.action === 'confirm-roster') {
            const code = ctx.options['confirm-roster'];
            if (typeof code !== 'string') break;
            if (code !== fact(v, 'Roster check code'))
              throw new CeremonyError(
                'group/roster-code-mismatch',
                `The roster check code here is ${fact(v, 'Roster check code')}, not ${code}; compare the roster with every operator before going on.`,
              );
          }
          await core.engine.act(
            id,
            next.action,
            next.action === 'confirm-roster' ? { rosterCheckCode: ctx.options['confirm-roster'] } : {},
          );
          done.push(next.label);
        }
        return done;
      },
      (v) =>
        v.next.some((a) => a.action === 'confirm-roster')
          ? `\n\nCompare the roster check code ${fact(v, 'Roster check code')} with every operator, then run again with --confirm-roster ${fact(v, 'Roster check code')}.`
          : '',
    ),
};
