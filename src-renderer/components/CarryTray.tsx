import type { ArtifactView } from '../../src-shared/api/ceremonies.ts';
import { FileActions } from './FileActions.tsx';

export interface CarryItem {
  artifact: ArtifactView;
  /** Who receives it, in words: "the coordinator", "your relay", "every member". */
  to: string;
}

/**
 * "Carry now": the files that must travel at this moment, and only those (the full list is in
 * Technical details). One line per recipient; an air-gapped member sees which USB trip this is.
 */
export function CarryTray({
  ceremonyId,
  items,
  trip,
  primary,
}: {
  ceremonyId: string;
  items: readonly CarryItem[];
  trip?: { n: number; total: number };
  /** Saving is THE task of this moment (the screen has no other primary button): the first file's Save is the primary button. */
  primary: boolean;
}) {
  if (items.length === 0) return null;
  const byRecipient = new Map<string, ArtifactView[]>();
  for (const i of items) byRecipient.set(i.to, [...(byRecipient.get(i.to) ?? []), i.artifact]);
  return (
    <section className="carry" aria-label="Carry now">
      <h3 className="carry__title">
        Carry now
        {trip ? (
          <span className="carry__trip">
            {' '}
            · USB trip {trip.n} of {trip.total}
          </span>
        ) : null}
      </h3>
      <ul className="carry__list">
        {[...byRecipient].map(([to, files], r) =>
          files.map((a, i) => (
            <li key={a.id} className="carry__file">
              <span>
                {i === 0 ? `Take ${files.length === 1 ? '1 file' : `${files.length} files`} to ${to}: ` : ''}
                <span className="mono">{a.name}</span>
              </span>
              <FileActions ceremonyId={ceremonyId} artifact={a} primary={primary && r === 0 && i === 0} />
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
