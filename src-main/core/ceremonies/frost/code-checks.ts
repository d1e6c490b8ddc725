import { CeremonyError } from '../../errors.ts';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import type { FrostCodeVerdict } from '../../../../src-shared/ceremonies/frost.ts';
import { nameOf, names, type FrostCodeCheck, type GroupState } from './state.ts';

/**
 * The group key check code, compared aloud after a DKG before the group is used (as Frostsnap
 * stops on it): every member computed the group key on their own, and a member whose key
 * differs holds a share of ANOTHER group (a wrong or swapped package, an impersonator).
 *
 * Its own file, as Seal's code-checks.ts: `confirm-code` journals what the person said (the
 * code, the verdict, whose code they heard), and every step that USES the group — starting or
 * approving a signing (over files or online), starting or joining a refresh, starting or helping
 * a repair, exporting the frost-client config — refuses until the latest comparison is a match
 * of the code shown now. Receiving files is not gated (a request may wait for the comparison).
 *
 * Only groups made here by a DKG (over files or online) need it: a frost-client import was
 * made, and compared, with frost-client; a repaired share checks itself against the group's
 * public key package.
 */

export interface ConfirmCodeInput {
  verdict: FrostCodeVerdict;
  code: string;
  heard: string[];
}

/** Whether this group must be compared before use: made here by a DKG that has produced its key. */
export function needsGroupCodeCheck(s: GroupState): boolean {
  return s.group !== null && (s.origin === 'dkg' || s.origin === 'frostd-dkg');
}

/** The group key check code, as the screens show it (null before the key exists). */
export function groupKeyCode(s: GroupState): string | null {
  return s.group ? checkCodeOfGroupKey(s.group.verifyingKey) : null;
}

/** The check code of a group verifying key (hex), the same wherever it is shown (a frost-client file's preview too). */
export function checkCodeOfGroupKey(verifyingKeyHex: string): string {
  return checkCodeOfBytes(verifyingKeyHex.toLowerCase());
}

/**
 * Where the latest comparison leaves this member: `not-needed` (no DKG here), `none` (never
 * compared), `match`, `differs`, or `changed` (a match of a code that is no longer the one shown).
 */
export type GroupCodeState = 'not-needed' | 'none' | 'match' | 'differs' | 'changed';

export function groupCodeStatus(s: GroupState): { state: GroupCodeState; code: string | null; latest: FrostCodeCheck | null } {
  const code = groupKeyCode(s);
  const latest = s.codeChecks?.at(-1) ?? null;
  if (!needsGroupCodeCheck(s)) return { state: 'not-needed', code, latest };
  const state = !latest ? 'none' : latest.verdict === 'differs' ? 'differs' : latest.code === code ? 'match' : 'changed';
  return { state, code, latest };
}

/** Member ids a person may say they heard: other members; the creator among them unless it is you (or the verdict is "differs"). */
function checkHeard(s: GroupState, heard: readonly string[], verdict: FrostCodeVerdict): string[] {
  const ids = s.members.map((m) => m.id);
  const unknown = heard.filter((h) => !ids.includes(h));
  if (unknown.length)
    throw new CeremonyError(
      'frost/codes-heard-invalid',
      `${unknown.map((h) => `"${h}"`).join(', ')} ${unknown.length === 1 ? 'is not a member' : 'are not members'} of this group: name members as ${ids[0]} to ${ids.at(-1)}.`,
      { heard: unknown[0]! },
    );
  if (heard.includes(s.me))
    throw new CeremonyError('frost/codes-heard-invalid', `${s.me} is you: name only the members whose code you heard.`, { heard: s.me });
  const creator = nameOf(s, s.creator);
  if (verdict === 'match' && s.me !== s.creator && !heard.includes(s.creator))
    throw new CeremonyError(
      'frost/codes-heard-invalid',
      `Compare with ${creator}'s code too: ${creator} created the group and reads the code every member must see (member ${s.creator}).`,
    );
  if (verdict === 'match' && !heard.length)
    throw new CeremonyError('frost/codes-heard-invalid', 'Say whose code you compared yours with: at least one other member.');
  // Roster order, each once.
  return ids.filter((id) => heard.includes(id));
}

/** `confirm-code`: records the comparison (journaled), after checking the code is the one shown now. */
export function confirmCode(s: GroupState, input: ConfirmCodeInput, ctx: StepContext): StepResult<GroupState> {
  {
    const code = groupKeyCode(s);
    if (!code || !needsGroupCodeCheck(s))
      throw new CeremonyError(
        'frost/no-group',
        s.group
          ? 'This group was not made by a key generation here: it has no group key code to compare.'
          : 'The group key does not exist yet: finish the key generation first.',
        {},
      );
    if (input.code.trim() !== code)
      throw new CeremonyError(
        'frost/code-changed',
        `The code changed since the screen showed it (${input.code.trim()}); the group key check code is now ${code}: compare the new code.`,
        { code },
      );
    const heard = checkHeard(s, input.heard, input.verdict);
    const check: FrostCodeCheck = { code, verdict: input.verdict, heard, at: ctx.now() };
    const who = heard.length ? names(s, heard) : 'nobody named';
    return {
      state: { ...s, codeChecks: [...(s.codeChecks ?? []), check] },
      summary:
        input.verdict === 'match'
          ? `Codes match: group key check code ${code}, heard from ${who}`
          : `A code differs: group key check code ${code}, compared with ${who} — stop; do not use this group`,
    };
  }
}

/**
 * The gate of every step that uses the group: the latest comparison must be a match of the code
 * shown now. The refusal says what to do; its details carry the code (for the CLI).
 */
export function requireGroupCodeConfirmed(s: GroupState): void {
  const st = groupCodeStatus(s);
  if (st.state === 'match' || st.state === 'not-needed') return;
  const code = st.code!;
  const creator = s.me === s.creator ? 'the other members' : nameOf(s, s.creator);
  const details = { code };
  if (st.state === 'differs')
    throw new CeremonyError(
      'frost/group-code-not-confirmed',
      `The group key check code ${st.latest!.code} differed from what you heard: stop, do not use this group, and talk to ${creator}. If it turns out you misheard, compare again and choose Codes match.`,
      details,
    );
  if (st.state === 'changed')
    throw new CeremonyError(
      'frost/group-code-not-confirmed',
      `The group key check code changed since you compared it (${st.latest!.code}; it is now ${code}): compare ${code} with ${creator}, then choose Codes match.`,
      details,
    );
  throw new CeremonyError(
    'frost/group-code-not-confirmed',
    `Compare the group key check code ${code} with ${creator} before using this group, then choose Codes match.`,
    details,
  );
}
