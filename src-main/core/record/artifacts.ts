import type { CeremonyRecordView } from '../../../src-shared/ceremonies/record.ts';
import { buildInfo } from '../build-info.ts';
import { RECORD_FILE_NAME, type RecordDocument } from './format.ts';
import { renderRecord } from './record-file.ts';
import { recordReportHtml } from './report-html.ts';
import { verifyRecord } from './verify.ts';

/** The ids under which a ceremony keeps its record file, and its readable report, among its artifacts. */
export const RECORD_ARTIFACT_ID = 'ceremony-record';
export const RECORD_REPORT_ARTIFACT_ID = 'ceremony-record-report';

/**
 * How far a record is signed, as the ready screens say it: `roster` in its order, split by whether
 * `signedIds` holds their id; `first` names who signed before the roster (a Seal coordinator).
 */
export function recordProgressView(
  roster: readonly { id: string; name: string }[],
  signedIds: readonly string[],
  signatureArtifactId: string | null,
  first: readonly string[] = [],
): CeremonyRecordView {
  const signed = new Set(signedIds);
  return {
    artifactId: RECORD_ARTIFACT_ID,
    reportArtifactId: RECORD_REPORT_ARTIFACT_ID,
    signatureArtifactId,
    signed: [...first, ...roster.filter((m) => signed.has(m.id)).map((m) => m.name)],
    notSigned: roster.filter((m) => !signed.has(m.id)).map((m) => m.name),
  };
}

type ArtifactFile = { id: string; name: string; description: string; mime: string; bytes: Uint8Array };

/**
 * The record as ceremony files (artifacts the person saves or hands to an auditor): the record
 * itself, which `ceremony record verify` checks, and a readable HTML report of it (print it to
 * PDF from any browser), each described with how far the record is signed.
 */
export function recordArtifacts(doc: RecordDocument): [ArtifactFile, ArtifactFile] {
  const text = renderRecord(doc);
  const bytes = new TextEncoder().encode(text);
  const so = `signed by ${doc.signatures.length} of ${doc.body.roster.length} participants so far`;
  return [
    {
      id: RECORD_ARTIFACT_ID,
      name: RECORD_FILE_NAME,
      description: `The ceremony record, ${so}; anyone can check it with "ceremony record verify", and any change to it is refused.`,
      mime: 'application/json',
      bytes,
    },
    {
      id: RECORD_REPORT_ARTIFACT_ID,
      name: RECORD_FILE_NAME.replace(/\.json$/, '.html'),
      description: `A readable report of the ceremony record (${so}) for auditors; open it in a browser, print it to PDF.`,
      mime: 'text/html',
      bytes: new TextEncoder().encode(recordReportHtml(verifyRecord(bytes), RECORD_FILE_NAME)),
    },
  ];
}

/** This app's version as a record names it: the release and the commit it was built from. */
export function recordAppVersion(): string {
  const b = buildInfo();
  return `Ceremony ${b.version} (${b.commit})`;
}
