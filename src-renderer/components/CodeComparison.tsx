import { useId, useState } from 'react';
import { CheckCode } from './CheckCode.tsx';

export interface Witness {
  /** Participant id sent to main ('coordinator', 'member-2'). */
  id: string;
  name: string;
  /** The coordinator: the comparison does not count without them. */
  required?: boolean;
}

/**
 * One code compared actively, as Signal's safety numbers: the code large, whom the person
 * heard it from (the coordinator at least), and two answers, "Codes match" and "A code
 * differs". The choice goes to main, which journals it and gates the next irreversible step.
 */
export function CodeComparison({
  code,
  label,
  explanation,
  witnesses,
  busy,
  atLeastOne = false,
  onVerdict,
}: {
  code: string;
  label: string;
  explanation: string;
  witnesses: readonly Witness[];
  busy: boolean;
  /** "Codes match" needs at least one witness ticked (when nobody is required by name). */
  atLeastOne?: boolean;
  onVerdict(verdict: 'match' | 'differs', heard: string[]): void;
}) {
  const id = useId();
  const [heard, setHeard] = useState<string[]>(witnesses.filter((w) => w.required).map((w) => w.id));
  const missingRequired = witnesses.filter((w) => w.required && !heard.includes(w.id));
  const noneTicked = atLeastOne && heard.length === 0;
  return (
    <div className="compare">
      <div className="compare__code">
        <CheckCode code={code} label={label} />
      </div>
      <p>{explanation}</p>
      <fieldset className="compare__heard">
        <legend>I heard this code from</legend>
        {witnesses.map((w) => (
          <label key={w.id} className="check">
            <input
              type="checkbox"
              checked={heard.includes(w.id)}
              onChange={(e) => setHeard(e.target.checked ? [...heard, w.id] : heard.filter((x) => x !== w.id))}
            />{' '}
            {w.name}
            {w.required ? ' (needed)' : ''}
          </label>
        ))}
      </fieldset>
      {noneTicked && missingRequired.length === 0 && (
        <p className="field-error" id={`${id}-req`}>
          Compare with at least one other person first: tick whom you heard the code from.
        </p>
      )}
      {missingRequired.length > 0 && (
        <p className="field-error" id={`${id}-req`}>
          Compare with {missingRequired.map((w) => w.name).join(' and ')} first: tick it when you heard their code.
        </p>
      )}
      <div className="task__buttons">
        <button
          type="button"
          className="btn btn--primary"
          disabled={busy || missingRequired.length > 0 || noneTicked}
          aria-describedby={missingRequired.length || noneTicked ? `${id}-req` : undefined}
          onClick={() => onVerdict('match', heard)}
        >
          Codes match
        </button>
        <button
          type="button"
          className="btn btn--danger"
          disabled={busy}
          onClick={() => onVerdict('differs', heard.length ? heard : ['coordinator'])}
        >
          A code differs
        </button>
      </div>
    </div>
  );
}
