import {
  RecordDocument,
  MAX_RECORD_BYTES,
  RECORD_SECTIONS,
  recordHash,
  sectionHashes,
  type RecordBody,
  type RecordSection,
} from './format.ts';
import { renderRecord } from './record-file.ts';
import { signatureValid } from './sign.ts';

/**
 * Checks a record file without a vault: each signature against the key the record lists for
 * its participant, each signed section hash against the body as it is now, and the file's
 * layout byte for byte. Every problem names what was altered (a section, a signer's entry, a
 * key, a field, a byte); people who did not sign are listed, never a failure (members on
 * upstream tools cannot sign, and one absent signer never blocks the record).
 */
export interface RecordProblem {
  /** What was altered: 'file', 'layout', 'field', 'section', 'signature', 'key' or 'signatures'. */
  kind: 'file' | 'layout' | 'field' | 'section' | 'signature' | 'key' | 'signatures';
  /** The section, participant or field path concerned (null for the whole file). */
  subject: string | null;
  message: string;
}

export interface RecordSigner {
  participant: string;
  label: string;
  publicKey: string;
  appVersion: string;
  /** The signature verifies and covers the record as it is now. */
  valid: boolean;
}

export interface RecordVerdict {
  ok: boolean;
  recordHash: string | null;
  body: RecordBody | null;
  signed: RecordSigner[];
  notSigned: { participant: string; label: string }[];
  codes: { moment: string; what: string; code: string; confirmedBy: string[] }[];
  problems: RecordProblem[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function fail(kind: RecordProblem['kind'], subject: string | null, message: string): RecordVerdict {
  return { ok: false, recordHash: null, body: null, signed: [], notSigned: [], codes: [], problems: [{ kind, subject, message }] };
}

/** The byte offset of a character of the file, with its line and column (from 1), for a person looking at it. */
function where(text: string, index: number): { offset: number; text: string } {
  const before = text.slice(0, index);
  const offset = Buffer.byteLength(before, 'utf8');
  const line = before.split('\n').length;
  return { offset, text: `byte ${offset} (line ${line}, column ${index - before.lastIndexOf('\n')})` };
}

export function verifyRecord(bytes: Uint8Array): RecordVerdict {
  if (bytes.length > MAX_RECORD_BYTES) return fail('file', null, `The file is ${bytes.length} bytes: far larger than any ceremony record.`);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return fail('file', null, 'The file is not UTF-8 text: it is not a ceremony record, or bytes of it were altered.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('file', null, `The file is not valid JSON (${e instanceof Error ? e.message : String(e)}): it was altered or cut short.`);
  }
  const parsed = RecordDocument.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const path = i.path.map(String).join('.') || '(the whole file)';
    return fail('field', path, `The field ${path} is not as a ceremony record writes it (${i.message}): it was altered.`);
  }
  const doc = parsed.data;
  const body = doc.body;
  const problems: RecordProblem[] = [];
  const rendered = renderRecord(doc);
  if (rendered !== text) {
    let i = 0;
    while (i < text.length && text[i] === rendered[i]) i++;
    const at = where(text, i);
    problems.push({
      kind: 'layout',
      subject: String(at.offset),
      message: `The file was altered at ${at.text}: a record is written in exactly one layout, and this byte differs from it.`,
    });
  }
  const labelOf = new Map(body.roster.map((r) => [r.id, r.label]));
  const name = (id: string) => (labelOf.get(id) ? `${labelOf.get(id)} (${id})` : id);
  if (labelOf.size !== body.roster.length)
    problems.push({ kind: 'section', subject: 'roster', message: 'The roster names a participant twice.' });

  const now = sectionHashes(body);
  const disagree = new Map<RecordSection, string[]>();
  const signed: RecordSigner[] = [];
  const vouched = new Map<string, string[]>();
  const order = body.roster.map((r) => r.id);
  let lastIndex = -1;
  for (const e of doc.signatures) {
    const idx = order.indexOf(e.participant);
    if (idx < 0) {
      problems.push({
        kind: 'signature',
        subject: e.participant,
        message: `A signature is by ${e.participant}, who is not in the roster.`,
      });
      continue;
    }
    if (idx <= lastIndex)
      problems.push({
        kind: 'signature',
        subject: e.participant,
        message: `The signature of ${name(e.participant)} is repeated or out of roster order.`,
      });
    lastIndex = Math.max(lastIndex, idx);
    let valid = signatureValid(e);
    if (!valid) {
      problems.push({
        kind: 'signature',
        subject: e.participant,
        message: `The signature of ${name(e.participant)} does not verify: their entry (the codes they confirmed, their transactions, the keys they vouch for, their app version, the section hashes) or the signature itself was altered.`,
      });
    } else {
      for (const s of RECORD_SECTIONS) if (e.sections[s] !== now[s]) disagree.set(s, [...(disagree.get(s) ?? []), e.participant]);
      if (RECORD_SECTIONS.some((s) => e.sections[s] !== now[s])) valid = false;
      if (doc.keys[e.participant] !== e.publicKey) {
        valid = false;
        problems.push({
          kind: 'key',
          subject: e.participant,
          message: `The record lists ${doc.keys[e.participant] ? `another bundle key` : 'no bundle key'} for ${name(e.participant)} than the key their signature was made with: the keys were altered.`,
        });
      }
      for (const [id, key] of [...Object.entries(e.keysKnown), [e.participant, e.publicKey] as const]) {
        if (doc.keys[id] === key) vouched.set(id, [...(vouched.get(id) ?? []), e.participant]);
        else if (id !== e.participant)
          problems.push({
            kind: 'key',
            subject: id,
            message: `The bundle key the record lists for ${name(id)} is not the one ${name(e.participant)} signed for: the keys were altered.`,
          });
      }
    }
    signed.push({
      participant: e.participant,
      label: labelOf.get(e.participant) ?? '',
      publicKey: e.publicKey,
      appVersion: e.appVersion,
      valid,
    });
  }
  for (const [s, who] of disagree)
    problems.push({
      kind: 'section',
      subject: s,
      message: `The record's ${s} was altered after it was signed: it is not what ${who.map(name).join(', ')} signed.`,
    });
  for (const id of Object.keys(doc.keys))
    if (!vouched.has(id) && !problems.some((p) => p.kind === 'key' && p.subject === id))
      problems.push({
        kind: 'key',
        subject: id,
        message: `The bundle key listed for ${name(id)} is vouched for by no signature: it was added or altered.`,
      });
  if (!doc.signatures.length) problems.push({ kind: 'signatures', subject: null, message: 'Nobody has signed this record.' });

  const validSigners = doc.signatures.filter((e) => signed.find((s) => s.participant === e.participant)?.valid);
  const codes = body.codes.map((c) => ({
    ...c,
    confirmedBy: validSigners
      .filter((e) => {
        const latest = e.confirmed.filter((x) => x.moment === c.moment).at(-1);
        return latest?.verdict === 'match' && latest.code === c.code;
      })
      .map((e) => e.participant),
  }));
  const signedIds = new Set(doc.signatures.map((e) => e.participant));
  return {
    ok: problems.length === 0,
    recordHash: recordHash(body),
    body,
    signed,
    notSigned: body.roster.filter((r) => !signedIds.has(r.id)).map((r) => ({ participant: r.id, label: r.label })),
    codes,
    problems,
  };
}
