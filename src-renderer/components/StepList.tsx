/** The ceremony's steps in plain words, the current one marked (aria-current="step"). */
export function StepList({ steps, current, label = 'Steps' }: { steps: readonly string[]; current: number; label?: string }) {
  return (
    <ol className="stepper stepper--plain" aria-label={label}>
      {steps.map((name, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={name} className={`stepper__step stepper__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stepper__num" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span className="stepper__name">
              {name}
              <span className="visually-hidden">
                {state === 'done' ? ' (done)' : state === 'current' ? ' (current)' : ' (not started)'}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
