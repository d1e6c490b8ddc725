import { useId, useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { listNames } from '../../components/names.ts';
import { frostView } from './view.ts';

/**
 * The creator restarts a stalled or failed key generation without some members: whom to go on
 * without (those it waits for are ticked), what that means for everyone in plain words, and a new
 * threshold only when the old one no longer fits the members who remain (main refuses otherwise).
 */
export function RestartForm({ view, busy, submit, cancel }: ActionFormProps) {
  const fv = frostView(view);
  const id = useId();
  const candidates = fv.members.filter((m) => fv.restartCandidates.includes(m.partyId));
  const awaited = fv.waitingFor.map((w) => w.partyId).filter((id): id is string => id !== null && fv.restartCandidates.includes(id));
  const [without, setWithout] = useState<string[]>(awaited);
  const remaining = fv.members.filter((m) => !without.includes(m.partyId));
  const current = fv.threshold ?? 2;
  const fits = current <= remaining.length;
  const [threshold, setThreshold] = useState(Math.min(current, Math.max(2, remaining.length)));
  const t = fits ? current : threshold;
  const gone = listNames(candidates.filter((m) => without.includes(m.partyId)).map((m) => m.name));
  const stayers = remaining.filter((m) => !m.you).map((m) => m.name);
  const others = listNames(stayers);
  const ok = without.length > 0 && remaining.length >= 2 && t >= 2 && t <= remaining.length;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) submit(fits ? { without } : { without, threshold: t });
      }}
    >
      <fieldset>
        <legend>Go on without</legend>
        {candidates.map((m) => (
          <label key={m.partyId} className="choice">
            <input
              type="checkbox"
              checked={without.includes(m.partyId)}
              onChange={(e) => setWithout(e.target.checked ? [...without, m.partyId] : without.filter((x) => x !== m.partyId))}
            />
            <span>{m.name}</span>
          </label>
        ))}
      </fieldset>
      {!fits && remaining.length >= 2 && (
        <>
          <label htmlFor={`${id}-t`}>
            Any {current} of {remaining.length} no longer works: how many of the {remaining.length} must sign together?
          </label>
          <input
            id={`${id}-t`}
            type="number"
            min={2}
            max={remaining.length}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
          />
        </>
      )}
      {without.length > 0 && remaining.length >= 2 && (
        <p>
          The key generation starts again without {gone}: nothing sent so far is used.{' '}
          {stayers.length === 1
            ? `${others} imports a new invitation from you, compares a new code with you, and sends their files again.`
            : `${others} each import a new invitation from you, compare a new code with you, and send their files again.`}{' '}
          The group will be any {t} of {remaining.length} ({listNames(remaining.map((m) => m.name))}).
        </p>
      )}
      {remaining.length < 2 && (
        <p className="alert alert--error" role="alert">
          A group needs you and at least one other member.
        </p>
      )}
      <FormButtons label={without.length ? `Restart without ${gone}` : 'Restart'} busy={busy} disabled={!ok} cancel={cancel} />
    </form>
  );
}
