import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { step } from './phases.ts';
import type { MemberState, RefusedMessageFile, SealState } from './state.ts';
import { messageFingerprint } from './values.ts';

/**
 * A member's messages folder (message_<P>.json files), as seal-committee-cli reads it. Upstream
 * aborts process-all-and-propose on any unreadable file, on two messages from one sender and, in
 * a rotation, on a message from a member who does not continue: everyone must hash the same set.
 * Here import stays per file (one bad file never stops a batch), but a refused or conflicting
 * file is RECORDED, and processing and proposing refuse while any is recorded, naming it, so no
 * member proposes a messages_hash the others never reproduce.
 */

/** Import errors that are not a problem with the set: a byte-identical re-import is a no-op. */
const NOT_A_REFUSAL = new Set(['bundle/duplicate']);

/** Records a refused message file (once per content); null when nothing is to be recorded. */
export function recordRefusedFile(
  s: SealState,
  file: { name: string; bytes: Uint8Array },
  error: CeremonyError,
  ctx: StepContext,
): StepResult<SealState> | null {
  if (s.role !== 'member' || NOT_A_REFUSAL.has(error.code)) return null;
  const { fingerprint } = messageFingerprint(file.bytes);
  const before = s.refusedFiles ?? [];
  if (before.some((r) => r.fingerprint === fingerprint)) return null;
  const entry: RefusedMessageFile = { file: file.name, fingerprint, code: error.code, reason: error.message, at: ctx.now() };
  return step({ ...s, refusedFiles: [...before, entry] }, `Refused ${file.name}: ${error.message}`);
}

/** Throws while any refused or conflicting message file is recorded: nothing may be processed or proposed. */
export function refuseWhileFilesRefused(s: MemberState, what: 'process' | 'propose'): void {
  const refused = s.refusedFiles ?? [];
  if (!refused.length) return;
  const names = refused.map((r) => r.file);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  const verb = what === 'process' ? 'Nothing was processed' : 'Nothing was proposed';
  throw new CeremonyError(
    'seal/refused-message-files',
    `The messages folder held ${names.length === 1 ? 'a file' : 'files'} that ${names.length === 1 ? 'was' : 'were'} refused: ${refused
      .map((r) => `${r.file} (${r.reason})`)
      .join(
        '; ',
      )}. ${verb}: seal-committee-cli members would abort on the same folder, so everyone must use one clean set. Remove ${list} from the messages folder (or ask the coordinator for the right file), then clear the imported message files and import the folder again.`,
    { file: names[0]!, files: names.join(','), count: names.length },
  );
}

/**
 * Forgets the recorded refusals and, before processing, the messages imported from files (the
 * own message and a coordinator's message set stay), so a corrected folder is imported afresh,
 * the way seal-committee-cli reads its folder anew on every run.
 */
export function clearMessageFiles(s: MemberState): StepResult<MemberState> {
  const refused = s.refusedFiles ?? [];
  const fromFiles = s.result ? [] : s.inbox.filter((m) => m.via === 'file');
  if (!refused.length && !fromFiles.length) return step(s, 'No imported message files to clear');
  const inbox = s.inbox.filter((m) => !fromFiles.includes(m));
  return step(
    { ...s, inbox, refusedFiles: [], ...(fromFiles.length ? { announcedHash: null } : {}) },
    `Cleared ${fromFiles.length} imported message file${fromFiles.length === 1 ? '' : 's'} and ${refused.length} refusal${refused.length === 1 ? '' : 's'}: import the corrected messages folder`,
  );
}
