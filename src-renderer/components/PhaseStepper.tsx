import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';

/** The three phases every ceremony goes through, as an ordered list (aria-current marks the current one). */
export function PhaseStepper({ phases, compact = false }: { phases: CeremonyView['phases']; compact?: boolean }) {
  return (
    <ol className={compact ? 'stepper stepper--compact' : 'stepper'} aria-label="Ceremony phases">
      {phases.map((p) => (
        <li key={p.phase} className={`stepper__step stepper__step--${p.state}`} aria-current={p.state === 'current' ? 'step' : undefined}>
          <span className="stepper__num" aria-hidden="true">
            {p.state === 'done' ? '✓' : p.phase}
          </span>
          <span className="stepper__name">
            {compact ? p.name : `Phase ${p.phase}: ${p.name}`}
            <span className="visually-hidden">
              {p.state === 'done' ? ' (done)' : p.state === 'current' ? ' (current)' : ' (not started)'}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
