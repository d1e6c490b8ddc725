import { FileActions } from './FileActions.tsx';
import { listNames } from './names.ts';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { CeremonyRecordView } from '../../src-shared/ceremonies/record.ts';

/**
 * The finished ceremony's signed record: who signed it so far, by name, and the files to save for
 * your files or an auditor (the record, which anyone checks without this app's vault, and a
 * readable report of it to print). Not the task of the screen: an offer under it, so the screen
 * keeps one primary button.
 */
export function CeremonyRecord({ view, record }: { view: CeremonyView; record: CeremonyRecordView | null }) {
  const file = record ? view.artifacts.find((a) => a.id === record.artifactId) : undefined;
  const report = record ? view.artifacts.find((a) => a.id === record.reportArtifactId) : undefined;
  if (!record || !file) return null;
  return (
    <section className="ceremony-record" aria-labelledby="ceremony-record-h">
      <h3 id="ceremony-record-h">The ceremony record</h3>
      <p className="small">
        Signed by {listNames(record.signed)}
        {record.notSigned.length > 0 ? `; not signed (yet) by ${listNames(record.notSigned)}` : ': everyone'}. Save the ceremony record for
        your files or for an auditor: anyone can check it, and any change to it is refused.
      </p>
      <FileActions ceremonyId={view.id} artifact={file} />
      {report && (
        <>
          <p className="small">A readable report of the same record, to open in a browser and print (to PDF, too):</p>
          <FileActions ceremonyId={view.id} artifact={report} />
        </>
      )}
    </section>
  );
}
