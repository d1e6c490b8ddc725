import { useState } from 'react';
import { bridge } from '../../bridge.ts';
import type { SealCommitteeHealth } from '../../../src-shared/ceremonies/seal.ts';
import { KeyServerHealthRows } from './KeyServerHealthRows.tsx';

type Outcome =
  { state: 'idle' } | { state: 'checking' } | { state: 'done'; health: SealCommitteeHealth } | { state: 'failed'; reason: string };

/** "Check the key servers" on the finalized coordinator view, with the result rows under it. */
export function KeyServerHealthCheck({ ceremonyId }: { ceremonyId: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const run = () => {
    setOutcome({ state: 'checking' });
    bridge.call('seal.checkKeyServers', { ceremonyId }).then(
      (health) => setOutcome({ state: 'done', health }),
      (e: unknown) => setOutcome({ state: 'failed', reason: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <section className="key-server-health-check" aria-label="Key server health">
      <div className="key-server-health-check__ask">
        <button type="button" className="btn" disabled={outcome.state === 'checking'} onClick={run}>
          {outcome.state === 'checking' ? 'Checking the key servers…' : outcome.state === 'done' ? 'Check again' : 'Check the key servers'}
        </button>
        <span className="small muted">
          Asks each member&apos;s key server whether it answers and serves its part of this committee&apos;s key.
        </span>
      </div>
      {outcome.state === 'failed' && (
        <p className="field-error" role="alert">
          {outcome.reason}
        </p>
      )}
      <div role="status">{outcome.state === 'done' && <KeyServerHealthRows health={outcome.health} />}</div>
    </section>
  );
}
