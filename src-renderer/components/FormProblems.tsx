import { useState, type FormEvent } from 'react';

/**
 * A form that says what is wrong only once the user has tried to send it: until then the problems
 * stay hidden, afterwards they are listed (and updated as the input changes) and nothing is sent
 * while any remains.
 */
export function useFormProblems(problems: readonly string[]) {
  const [tried, setTried] = useState(false);
  return {
    /** The problems to list now: none before the first try. */
    shown: tried ? problems : [],
    /** onSubmit for the form: `send` runs only when there is no problem. */
    onSubmit: (send: () => void) => (e: FormEvent) => {
      e.preventDefault();
      setTried(true);
      if (problems.length === 0) send();
    },
  };
}

/** The list of what stops the form from being sent (announced as an alert). */
export function FormProblems({ problems, id }: { problems: readonly string[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="field-error" role="alert">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}
