import type { ChainPolling } from '../app/useChainPolling.ts';
import { clockTime } from '../app/poller.ts';

/**
 * "Last updated 14:02:09 · checked every 5 s [Check now]". Not a live region: a screen reader
 * would otherwise hear it every few seconds; the changes that matter are announced elsewhere.
 */
export function LastUpdated({ polling, what = 'the chain' }: { polling: ChainPolling; what?: string }) {
  return (
    <div className="last-updated small">
      <span className="muted">
        {polling.lastUpdated ? (
          <>
            Last updated from {what} at <time dateTime={polling.lastUpdated.toISOString()}>{clockTime(polling.lastUpdated)}</time>
          </>
        ) : (
          <>Reading {what}…</>
        )}{' '}
        · checked every {Math.round(polling.intervalMs / 1000)} s
      </span>
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus, and this one
          is busy for a moment at every poll (every few seconds) while someone may have tabbed to it. */}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => {
          if (!polling.checking) polling.checkNow();
        }}
        aria-disabled={polling.checking}
      >
        {polling.checking ? 'Checking…' : 'Check now'}
      </button>
      {polling.error && (
        <p className="field-error" role="alert">
          Could not read {what}: {polling.error} Retrying.
        </p>
      )}
    </div>
  );
}
