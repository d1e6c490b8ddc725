import { useId, useState } from 'react';
import type { ActionFormProps } from '../types.ts';
import { onlineServer } from './view.ts';
import { FormButtons } from '../../components/FormButtons.tsx';

/**
 * Signer: join a signing someone started on a relay (our app or `frost-client coordinator`).
 * The session is found by itself; its id is needed only when several of this group include you.
 */
export function OnlineSignJoinForm({ view, busy, submit, cancel }: ActionFormProps) {
  const id = useId();
  const [server, setServer] = useState(onlineServer(view) ?? '');
  const [session, setSession] = useState('');
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!server.trim()) return;
        submit({ server: server.trim(), ...(session.trim() ? { session: session.trim() } : {}) });
      }}
    >
      <label htmlFor={`${id}-relay`}>frostd relay address</label>
      <input
        id={`${id}-relay`}
        type="text"
        value={server}
        onChange={(e) => setServer(e.target.value)}
        placeholder="frostd.example.org:2744"
      />
      <label htmlFor={`${id}-s`}>Session id (only if you are in several)</label>
      <input
        id={`${id}-s`}
        type="text"
        className="mono"
        value={session}
        onChange={(e) => setSession(e.target.value)}
        placeholder="0b7c…-…"
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} className="muted small">
        Your commitments go out at once (they reveal nothing); the message is shown to you before your signature share can leave.
      </p>
      <FormButtons label="Join the signing" busy={busy} disabled={!server.trim()} cancel={cancel} />
    </form>
  );
}
