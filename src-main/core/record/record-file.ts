import { canonicalJson } from '../encoding/canonical-json.ts';
import { CeremonyError } from '../errors.ts';
import { RECORD_FORMAT, RECORD_VERSION, sectionHashes, type RecordBody, type RecordDocument, type RecordSignature } from './format.ts';
import { signatureValid } from './sign.ts';

/**
 * The one layout of a record file: keys sorted, two-space indent, a final newline. Readable in
 * any editor, and a verifier can demand it byte for byte (record-verify.ts).
 */
export function renderRecord(doc: RecordDocument): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(doc)), null, 2)}\n`;
}

/**
 * Why an entry does not belong to this body (null when it does): a signature that does not
 * verify, or sections signed over another body. The collector keeps only entries that belong.
 */
export function entryProblem(body: RecordBody, e: RecordSignature): string | null {
  if (!signatureValid(e)) return 'its signature does not verify';
  const mine = sectionHashes(body);
  const differ = (Object.keys(mine) as (keyof typeof mine)[]).filter((s) => mine[s] !== e.sections[s]);
  return differ.length ? `it was signed over another ${differ.join(', ')}` : null;
}

/**
 * The collector: one record from a body and the signature entries gathered so far (each
 * checked against the body), one per participant, in roster order. `keys` is what the signers
 * vouched for; two signers vouching different keys for one participant is refused.
 */
export function assembleRecord(body: RecordBody, entries: readonly RecordSignature[]): RecordDocument {
  const order = body.roster.map((r) => r.id);
  const byParticipant = new Map<string, RecordSignature>();
  for (const e of entries) {
    if (!order.includes(e.participant)) continue;
    const problem = entryProblem(body, e);
    if (problem)
      throw new CeremonyError('record/foreign-signature', `The record signature of ${e.participant} does not fit this record: ${problem}.`);
    byParticipant.set(e.participant, e);
  }
  const signatures = order.flatMap((id) => (byParticipant.has(id) ? [byParticipant.get(id)!] : []));
  const keys: Record<string, string> = {};
  for (const s of signatures) {
    for (const [id, key] of [...Object.entries(s.keysKnown), [s.participant, s.publicKey] as const]) {
      if (keys[id] && keys[id] !== key)
        throw new CeremonyError(
          'record/key-conflict',
          `Two signers vouch for different bundle keys of ${id} (${keys[id]!.slice(0, 16)}… and ${key.slice(0, 16)}…): the record cannot be written.`,
        );
      keys[id] = key;
    }
  }
  return { format: RECORD_FORMAT, version: RECORD_VERSION, body, keys, signatures };
}
