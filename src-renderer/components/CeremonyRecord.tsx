import { FileActions } from './FileActions.tsx';
import { listNames } from './names.ts';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { CeremonyRecordView } from '../../src-shared/ceremonies/record.ts';

/**
 * The finished ceremony's signed record, folded to one line under the task ("The ceremony
 * record: signed by 2 of 3"): open, it names who signed and who not yet, offers this member's
 * own signature file to carry when it travels on its own, and the files to save for your records
 * or an auditor (the record, which anyone checks without this app's vault, and a readable report
 * of it to print). Never the task of the screen: it keeps one primary button.
 */
export function CeremonyRecord({ view, record }: { view: CeremonyView; record: CeremonyRecordView | null }) {
  const file = record ? view.artifacts.find((a) => a.id === record.artifactId) : undefined;
  if (!record || !file) return null;
  const report = view.artifacts.find((a) => a.id === record.reportArtifactId);
  const signature = record.signatureArtifactId ? view.artifacts.find((a) => a.id === record.signatureArtifactId) : undefined;
  const total = record.signed.length + record.notSigned.length;
  return (
    <details className="ceremony-record">
      <summary>
        The ceremony record: signed by {record.signed.length} of {total}
      </summary>
      <p className="small">
        Signed by {listNames(record.signed)}
        {record.notSigned.length > 0 ? `; not (yet) by ${listNames(record.notSigned)}` : ''}. Nobody is waited for: a signature that comes
        later is added.
      </p>
      {signature && (
        <>
          <p className="small">Your signature on it: give this short file to the others with the next files you carry.</p>
          <FileActions ceremonyId={view.id} artifact={signature} />
        </>
      )}
      <p className="small">
        Save the ceremony record for your records or an auditor: anyone can check it, and any change to it is refused.
      </p>
      <FileActions ceremonyId={view.id} artifact={file} />
      {report && (
        <>
          <p className="small">A readable report of the same record, to open in a browser and print (to PDF, too):</p>
          <FileActions ceremonyId={view.id} artifact={report} />
        </>
      )}
    </details>
  );
}
