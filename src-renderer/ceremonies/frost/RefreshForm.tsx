import { useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { activeMembers, myId, threshold } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';
import { MemberChecklist } from './MemberChecklist.tsx';

/** Start a refresh: everyone by default; leaving someone out evicts them. */
export function RefreshForm({ view, busy, submit, cancel }: ActionFormProps) {
  const members = activeMembers(view);
  const me = myId(view);
  const t = threshold(view);
  const [chosen, setChosen] = useState(members.map((m) => m.id));
  const left = members.filter((m) => !chosen.includes(m.id));
  const ok = chosen.length >= t && (!me || chosen.includes(me));
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) submit({ participants: chosen });
      }}
    >
      <MemberChecklist
        legend={`Who takes part? (at least ${t}, including you)`}
        members={members}
        chosen={chosen}
        me={me}
        onChange={setChosen}
      />
      {left.length > 0 && (
        <p className="alert alert--error" role="alert">
          {left.map((m) => m.label).join(', ')} will be left out: their shares stop working with the new ones.
        </p>
      )}
      <FormButtons label="Start the refresh" busy={busy} disabled={!ok} cancel={cancel} />
    </form>
  );
}
