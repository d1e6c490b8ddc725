import { useState } from 'react';
import type { ProtocolUi } from '../types.ts';

/** UI for the engine's test protocol; it only appears when a test host enables that protocol. */
export const testUi: ProtocolUi = {
  CreateForm({ busy, onCreate }) {
    const [names, setNames] = useState('Alice\nBob\nCarol');
    return (
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          onCreate('Test ceremony', false, {
            participants: names
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          });
        }}
      >
        <label htmlFor="test-names">Participants, one per line (you are the first)</label>
        <textarea id="test-names" rows={4} value={names} onChange={(e) => setNames(e.target.value)} />
        <button className="btn btn--primary" type="submit" disabled={busy}>
          Create
        </button>
      </form>
    );
  },
  JoinForm({ busy, onJoin }) {
    const [index, setIndex] = useState(1);
    return (
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          onJoin({ index });
        }}
      >
        <label htmlFor="test-index">Your position in the list (1 = second name)</label>
        <input id="test-index" type="number" min={1} value={index} onChange={(e) => setIndex(Number(e.target.value))} />
        <button className="btn btn--primary" type="submit" disabled={busy}>
          Join
        </button>
      </form>
    );
  },
};
