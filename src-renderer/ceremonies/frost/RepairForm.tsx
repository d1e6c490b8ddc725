import { useId, useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { activeMembers, myId, threshold } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { MemberChecklist } from './MemberChecklist.tsx';

/** Start a repair: whose share is lost, and which members help (at least the threshold, including you). */
export function RepairForm({ view, busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const members = activeMembers(view);
  const me = myId(view);
  const t = threshold(view);
  const others = members.filter((m) => m.id !== me);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [helpers, setHelpers] = useState<string[]>(members.filter((m) => m.id !== (others[0]?.id ?? '')).map((m) => m.id));
  const chosen = helpers.filter((h) => h !== target);
  const ok = target !== '' && chosen.length >= t && (!me || chosen.includes(me));
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) submit({ target, helpers: chosen });
      }}
    >
      <label htmlFor={`${id}-target`}>Whose share was lost?</label>
      <select
        id={`${id}-target`}
        value={target}
        onChange={(e) => {
          setTarget(e.target.value);
          setHelpers(members.filter((m) => m.id !== e.target.value).map((m) => m.id));
        }}
      >
        {others.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <MemberChecklist
        legend={`Helpers (at least ${t}, including you)`}
        members={members.filter((m) => m.id !== target)}
        chosen={helpers}
        me={me}
        onChange={setHelpers}
      />
      <p className="muted small">
        The request file also serves as the invitation for the member who lost their share: they open it with “Join” on a fresh install.
        Each helper must compare that member's hello check code in person before helping.
      </p>
      <FormButtons label="Start the repair" busy={busy} disabled={!ok} cancel={cancel} />
    </form>
  );
}
