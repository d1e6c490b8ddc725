import { FileActions } from './FileActions.tsx';
import { listNames } from './names.ts';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { CeremonyRecordView } from '../../src-shared/ceremonies/record.ts';

/**
 * The finished ceremony's signed record: who signed it so far, by name, and the file to save for
 * your files or an auditor (who checks it without this app's vault). Not the task of the screen:
 * an offer under it, so the screen keeps one primary button.
 */
export function CeremonyRecord({ view, record }: { view: CeremonyView; record: CeremonyRecordView | null }) {
  const artifact = record ? view.artifacts.find((a) => a.id === record.artifactId) : undefined;
  if (!record || !artifact) return null;
  return (
    <section className="ceremony-record" aria-labelledby="ceremony-record-h">
      <h3 id="ceremony-record-h">The ceremony record</h3>
      <p className="small">
        Signed by {listNames(record.signed)}
        {record.notSigned.length > 0 ? `; not signed (yet) by ${listNames(record.notSigned)}` : ': everyone'}. Save the ceremony record for
        your files or for an auditor: anyone can check it, and any change to it is refused.
      </p>
      <FileActions ceremonyId={view.id} artifact={artifact} />
    </section>
  );
}
