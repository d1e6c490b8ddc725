import { useEffect, useState } from 'react';
import { bridge } from '../../bridge.ts';
import type { KeyServerReach } from '../../../src-shared/ceremonies/seal.ts';

type Outcome = { url: string } & ({ state: 'done'; reach: KeyServerReach } | { state: 'failed'; reason: string });

/**
 * Whether the key server URL answers now, asked of main (which makes the request). Information
 * only: a key server cannot start before it has its share, so "not reachable" is the expected
 * answer during the ceremony and never blocks anything.
 */
export function KeyServerReachNote({ url }: { url: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    bridge.call('seal.checkKeyServerUrl', { url }).then(
      (reach) => setOutcome({ url, state: 'done', reach }),
      (e: unknown) => setOutcome({ url, state: 'failed', reason: e instanceof Error ? e.message : String(e) }),
    );
  }, [url]);
  // An answer about another URL (the field changed since) is no answer.
  const check = outcome?.url === url ? outcome : { state: 'checking' as const };
  return (
    <p className="small key-server-reach" role="status">
      {check.state === 'checking'
        ? 'Checking whether it answers…'
        : check.state === 'failed'
          ? check.reason
          : check.reach.reachable
            ? `Reachable (${check.reach.detail})`
            : "Not reachable yet — that's expected: your key server starts once it has its share."}
    </p>
  );
}
