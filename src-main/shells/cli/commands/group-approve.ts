import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { runGroupSteps } from './group-cli.ts';

/**
 * `ceremony group approve [FILES…]`: an approving member imports the join request (and the
 * other approvers' approvals), then
 *   - approves, once you pass the newcomer's identity code with --identity-code (the code
 *     the newcomer reads you; the command does not show it, the protocol checks it); the approval carries your repair parts
 *     sealed to each other approver;
 *   - when every approver's approval is in, sends your contribution sealed to the newcomer.
 * --refuse REASON refuses the request instead (nothing is sent).
 */
export const groupApproveCommand: Command = {
  usage: '[FILES or FOLDERS…] [--group ID] [--identity-code CODE | --refuse REASON] [--out DIR] [--json]',
  options: { group: { type: 'string' }, 'identity-code': { type: 'string' }, refuse: { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 0, max: 1000 },
  run: (ctx) =>
    runGroupSteps(ctx, async (core, id) => {
      let v = core.engine.view(id);
      const epoch = pendingEpoch(v);
      const done: string[] = [];
      if (typeof ctx.options.refuse === 'string') {
        if (epoch === null) throw new CeremonyError('group/wrong-step', 'There is no pending join request to refuse.');
        await core.engine.act(id, 'refuse-join', { epoch, reason: ctx.options.refuse });
        done.push('Refused');
        return done;
      }
      if (v.next.some((a) => a.action === 'approve-join') && typeof ctx.options['identity-code'] === 'string') {
        await core.engine.act(id, 'approve-join', { epoch, identityCheckCode: ctx.options['identity-code'] });
        done.push('Approved');
        v = core.engine.view(id);
      }
      if (v.next.some((a) => a.action === 'send-contribution')) {
        await core.engine.act(id, 'send-contribution', { epoch });
        done.push('Sent the contribution');
      }
      return done;
    }),
};

/** The pending join's number, read from the public view ("Join <k> request"). */
function pendingEpoch(v: { facts: { label: string; value: string }[] }): number | null {
  for (const f of v.facts) {
    const m = /^Join (\d+) request$/.exec(f.label);
    if (m) return Number(m[1]);
  }
  return null;
}
