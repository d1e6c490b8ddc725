import type { Command } from '../command.ts';
import { fact, runGroupSteps } from './group-cli.ts';

const GENESIS_ACTIONS = ['confirm-roster', 'send-shares', 'finalize'];

/**
 * `ceremony group genesis [FILES…]`: imports what the other operators sent and runs the next
 * genesis steps that need no decision (round 2, finalisation). Confirming the roster is a
 * decision: the coordinator reads the roster check code out, each operator passes what they
 * heard with --confirm-roster; the protocol refuses a code that is not the one it worked out.
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
          // The typed code is checked by the protocol (group/roster-code-mismatch), never shown here first.
          if (next.action === 'confirm-roster' && typeof ctx.options['confirm-roster'] !== 'string') break;
          await core.engine.act(
            id,
            next.action,
            next.action === 'confirm-roster' ? { rosterCheckCode: ctx.options['confirm-roster'] } : {},
          );
          done.push(next.label);
        }
        return done;
      },
      (v) => {
        if (!v.next.some((a) => a.action === 'confirm-roster')) return '';
        const code = fact(v, 'Roster check code');
        // The coordinator sees the code and reads it out; an operator types what they heard.
        return code
          ? `\n\nRead the roster check code ${code} to every operator, then run again with --confirm-roster ${code}.`
          : '\n\nAsk the coordinator to read you the roster check code, then run again with --confirm-roster CODE (this app checks it).';
      },
    ),
};
