import { FileActions } from '../../components/FileActions.tsx';
import { CheckCode } from '../../components/CheckCode.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Every file this install produced for others (Technical details): save each, or copy it onto a USB drive. */
export function Artifacts({ view }: { view: CeremonyView }) {
  if (!view.artifacts.length) return null;

  return (
    <section className="panel" aria-labelledby="files-h">
      <h2 id="files-h">Files to send</h2>
      <p className="muted small">Each file carries a check code; the person who receives it sees the same code after importing.</p>
      <ul className="files">
        {view.artifacts.map((a) => (
          <li key={a.id} className="file">
            <div>
              <span className="mono">{a.name}</span> <span className="muted small">({size(a.bytes)})</span>
              <div className="small">{a.description}</div>
              <CheckCode code={a.checkCode} label={`${a.name} check code`} />
            </div>
            <FileActions ceremonyId={view.id} artifact={a} />
          </li>
        ))}
      </ul>
    </section>
  );
}
