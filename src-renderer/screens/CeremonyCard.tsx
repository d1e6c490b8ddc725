import { PhaseStepper } from '../components/PhaseStepper.tsx';
import { PROTOCOL_CATALOG } from '../../src-shared/ceremonies/catalog.ts';
import { isDamagedCeremony, type CeremonyListEntry, type CeremonySummary } from '../../src-shared/api/ceremonies.ts';

function phasesOf(c: CeremonySummary) {
  return ([1, 2, 3] as const).map((p) => ({
    phase: p,
    name: ({ 1: 'Registration', 2: 'Messages', 3: 'Finalization' } as const)[p],
    state: c.status === 'completed' || p < c.phase ? ('done' as const) : p === c.phase ? ('current' as const) : ('upcoming' as const),
  }));
}

/** One ceremony of the Home list; a damaged folder shows its folder name and what to do, with no link. */
export function CeremonyCard({ c }: { c: CeremonyListEntry }) {
  if (isDamagedCeremony(c))
    return (
      <li className="card">
        <span className="card__title">{c.id}</span>
        <div className="card__meta">
          <span className="tag tag--failed">damaged</span>
        </div>
        <p className="card__headline">{c.problem}</p>
      </li>
    );
  return (
    <li className="card">
      <a className="card__link" href={`#/ceremony/${c.id}`}>
        <span className="card__title">{c.title}</span>
      </a>
      <div className="card__meta">
        {PROTOCOL_CATALOG[c.protocol].title} · {c.role}
        {c.rehearsal && <span className="tag tag--rehearsal">rehearsal</span>}
        {c.status !== 'active' && <span className={`tag tag--${c.status}`}>{c.status}</span>}
      </div>
      <PhaseStepper phases={phasesOf(c)} compact />
      <p className="card__headline">{c.headline}</p>
    </li>
  );
}
