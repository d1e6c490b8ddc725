import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import {
  sealParticipantId,
  type SealCodeCheck,
  type SealCodeMoment,
  type SealCodeVerdict,
} from '../../../../src-shared/ceremonies/seal.ts';
import { step } from './phases.ts';
import { joinCheckCode } from './rotation.ts';
import type { MemberState } from './state.ts';
import { listNames, messagesHashCheckCode } from './values.ts';

/**
 * The two codes a member compares aloud before an irreversible step (as Signal's "Codes match"):
 * the committee check code (a rotation: one code over the committee and what it rotates) before
 * registering, and the messages_hash check code before proposing.
 *
 * This is its own file, not part of member.ts, because it is both a step of its own and a gate
 * on two others: `confirm-code` journals what the person said (which code, the verdict, whose
 * code they heard), and `register` / `propose` refuse until the LATEST comparison for their
 * moment is a match of the code this install shows NOW. A code that changed since the
 * comparison (the screen showed an older one) needs a new comparison; a "differs" stops both
 * steps until a later comparison matches. Generating keys is not gated: keys may be made before
 * comparing.
 */

interface ConfirmCodeInput {
  moment: SealCodeMoment;
  verdict: SealCodeVerdict;
  code: string;
  heard: string[];
}

/** How the words name each moment's code. */
const CODE_NAME: Record<SealCodeMoment, string> = {
  committee: 'committee check code',
  'messages-hash': 'messages_hash check code',
};

/** The irreversible step each moment guards. */
const GUARDED: Record<SealCodeMoment, 'register' | 'propose'> = { committee: 'register', 'messages-hash': 'propose' };

/** The code this install shows for `moment` now, or null while there is none (no committee on chain, nothing processed). */
export function currentCode(s: MemberState, moment: SealCodeMoment): string | null {
  if (moment === 'committee') return joinCheckCode(s);
  return s.result ? messagesHashCheckCode(s.result.messagesHash) : null;
}

function requireCurrentCode(s: MemberState, moment: SealCodeMoment): string {
  const code = currentCode(s, moment);
  if (code !== null) return code;
  if (moment === 'committee')
    throw new CeremonyError(
      'seal/no-committee-yet',
      'The committee is not on chain yet, so there is no committee check code to compare: wait for the coordinator to create it.',
    );
  throw new CeremonyError(
    'seal/not-processed',
    'There is no messages_hash check code to compare yet: import the message set and process it first.',
  );
}

/**
 * Where the latest comparison of `moment` leaves this member: `none` (never compared), `match`
 * (a match of the current code), `differs` (the latest comparison said a code differs), or
 * `changed` (a match of a code that is no longer the one shown).
 */
export interface CodeStatus {
  state: 'none' | 'match' | 'differs' | 'changed';
  /** The code shown now (null while there is none). */
  code: string | null;
  latest: SealCodeCheck | null;
}

export function codeStatus(s: MemberState, moment: SealCodeMoment): CodeStatus {
  const code = currentCode(s, moment);
  const latest = (s.codeChecks ?? []).filter((c) => c.moment === moment).at(-1) ?? null;
  const state = !latest ? 'none' : latest.verdict === 'differs' ? 'differs' : latest.code === code ? 'match' : 'changed';
  return { state, code, latest };
}

/** Participant ids a member may say it heard: the coordinator and the other members of this committee. */
function checkHeard(s: MemberState, heard: readonly string[]): string[] {
  const members = s.committee.members.map((_, i) => sealParticipantId.member(i));
  const own = sealParticipantId.member(s.partyId);
  if (!heard.length)
    throw new CeremonyError(
      'seal/codes-heard-invalid',
      "Say whose code you compared yours with: at least the coordinator's (participant id coordinator).",
    );
  const unknown = heard.filter((h) => h !== sealParticipantId.coordinator && !members.includes(h));
  if (unknown.length)
    throw new CeremonyError(
      'seal/codes-heard-invalid',
      `${listNames(unknown.map((h) => `"${h}"`))} ${unknown.length === 1 ? 'is not a participant' : 'are not participants'} of this committee: name the coordinator (coordinator) and members as member-0 to member-${members.length - 1}.`,
      { heard: unknown[0]! },
    );
  if (heard.includes(own))
    throw new CeremonyError(
      'seal/codes-heard-invalid',
      `${own} is you: name only the participants whose code you heard (the coordinator and other members).`,
      { heard: own },
    );
  if (!heard.includes(sealParticipantId.coordinator))
    throw new CeremonyError(
      'seal/codes-heard-invalid',
      "Compare with the coordinator's code too: the coordinator announces the code every member must see (participant id coordinator).",
    );
  // Coordinator first, then members in party order, each once.
  return [sealParticipantId.coordinator, ...members.filter((m) => heard.includes(m))];
}

/** "the coordinator and Bob" for the journal line. */
function heardNames(s: MemberState, heard: readonly string[]): string {
  return listNames(
    heard.map((h) => {
      if (h === sealParticipantId.coordinator) return 'the coordinator';
      const party = Number(h.slice('member-'.length));
      return s.committee.members[party]!.label;
    }),
  );
}

/** `confirm-code`: records the comparison (journaled), after checking the code is the one shown now. */
export function confirmCode(s: MemberState, input: ConfirmCodeInput, ctx: StepContext): StepResult<MemberState> {
  const { moment, verdict } = input;
  const code = requireCurrentCode(s, moment);
  if (input.code.trim() !== code)
    throw new CeremonyError(
      'seal/code-changed',
      `The code changed since the screen showed it (${input.code.trim()}); the ${CODE_NAME[moment]} is now ${code}: compare the new code.`,
      { moment, code },
    );
  const heard = checkHeard(s, input.heard);
  const check: SealCodeCheck = { moment, code, verdict, heard, at: ctx.now() };
  const next: MemberState = { ...s, codeChecks: [...(s.codeChecks ?? []), check] };
  const who = heardNames(s, heard);
  const summary =
    verdict === 'match'
      ? `Codes match: ${CODE_NAME[moment]} ${code}, heard from ${who}`
      : `A code differs: ${CODE_NAME[moment]} ${code}, compared with ${who} — stop; do not ${GUARDED[moment]}`;
  return step(next, summary);
}

/**
 * The gate of `register` (moment `committee`) and `propose` (moment `messages-hash`): the latest
 * comparison must be a match of the code shown now. The refusal says what to do, and its details
 * carry the code to compare (for the CLI).
 */
export function requireCodesMatch(s: MemberState, moment: SealCodeMoment): void {
  const st = codeStatus(s, moment);
  if (st.state === 'match') return;
  const code = requireCurrentCode(s, moment);
  const name = CODE_NAME[moment];
  const others = moment === 'messages-hash' ? " (and the other members')" : '';
  const details = { moment, code };
  if (st.state === 'differs')
    throw new CeremonyError(
      'seal/codes-not-confirmed',
      `The ${name} ${st.latest!.code} differed from what you heard: stop, do not ${GUARDED[moment]}, and talk to your coordinator. If it turns out you misheard, compare again and choose Codes match.`,
      details,
    );
  if (st.state === 'changed')
    throw new CeremonyError(
      'seal/codes-not-confirmed',
      `The ${name} changed since you compared it (${st.latest!.code}; it is now ${code}): compare ${code} with the code your coordinator announced${others}, then choose Codes match.`,
      details,
    );
  throw new CeremonyError(
    'seal/codes-not-confirmed',
    `Compare the ${name} ${code} with the code your coordinator announced${others}, then choose Codes match.`,
    details,
  );
}
