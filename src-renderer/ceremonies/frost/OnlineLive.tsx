import { useEffect, useRef, useState } from 'react';
import { bridge } from '../../bridge.ts';
import { useApp } from '../../app/store.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { FrostActionName } from '../../../src-shared/ceremonies/frost.ts';

const STEP: FrostActionName = 'online-step';

/** frost-client's cadence: frostd has no push, so a waiting run asks the relay every 2 s. */
const POLL_MS = 2000;

/**
 * While an online run waits (the view offers "Check the relay now"), asks main to step it about
 * every 2 seconds. A step that finds nothing new changes nothing in main; a step that does
 * updates this screen (and is announced to screen readers through the headline).
 */
export function OnlineLive({ view }: { view: CeremonyView }) {
  const polling = view.status === 'active' && view.next.some((n) => n.action === STEP);
  const [problem, setProblem] = useState<string | null>(null);
  const inFlight = useRef(false);
  const lastHeadline = useRef(view.headline);
  const announce = useApp((s) => s.announce);

  useEffect(() => {
    if (!polling) return;
    let stopped = false;
    const tick = async () => {
      // Never alongside a step the person started (the busy bar shows it).
      if (stopped || inFlight.current || useApp.getState().busy) return;
      inFlight.current = true;
      try {
        const next = await bridge.call('ceremonies.act', { id: view.id, action: STEP, input: {} });
        if (stopped) return;
        setProblem(null);
        if (useApp.getState().current?.id === next.id) useApp.setState({ current: next });
        if (next.headline !== lastHeadline.current) {
          lastHeadline.current = next.headline;
          announce(next.headline);
        }
      } catch (e) {
        if (!stopped) setProblem(e instanceof Error ? e.message : String(e));
      } finally {
        inFlight.current = false;
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [polling, view.id, announce]);

  if (!polling) return null;
  return (
    <>
      <p className="muted small">Connected to the relay: this page checks it every 2 seconds while the run waits. Keep it open.</p>
      {problem && (
        <p className="alert alert--error" role="alert">
          The last check failed: {problem}
        </p>
      )}
    </>
  );
}
