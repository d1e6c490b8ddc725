import { use } from 'react';
import type { ProtocolUi } from './types.ts';

/**
 * Protocol-specific screens, by protocol name. Each family is its own chunk, loaded when one of
 * its screens is first shown, so Home paints without any of them (the Seal screens alone bring the
 * Sui SDK). Protocol issues register theirs here, one line each.
 */
const families: Record<string, () => Promise<ProtocolUi>> = {
  test: async () => (await import('./test/ui.tsx')).testUi,
  frost: async () => (await import('./frost/ui.tsx')).frostUi,
  group: async () => (await import('./group/ui.tsx')).groupUi,
  seal: async () => (await import('./seal/ui.tsx')).sealUi,
};

const loaded = new Map<string, ProtocolUi>();
const loading = new Map<string, Promise<ProtocolUi | undefined>>();

/** Loads a family's screens once; undefined for a protocol without screens of its own. */
export function loadProtocolUi(protocol: string): Promise<ProtocolUi | undefined> {
  const load = families[protocol];
  if (!load) return Promise.resolve(undefined);
  let p = loading.get(protocol);
  if (!p) {
    p = load().then(
      (ui) => (loaded.set(protocol, ui), ui),
      (e: unknown) => {
        loading.delete(protocol); // the next attempt loads again
        throw new Error(
          `The ${protocol} screens could not be loaded (${e instanceof Error ? e.message : String(e)}). Reload the window to try again.`,
        );
      },
    );
    loading.set(protocol, p);
  }
  return p;
}

/** A family's screens if they are loaded already (callers load them first with loadProtocolUi). */
export function loadedProtocolUi(protocol: string): ProtocolUi | undefined {
  return loaded.get(protocol);
}

/**
 * A family's screens for rendering: suspends (the nearest Suspense shows its fallback) until its
 * chunk has loaded, then returns them at once on every later render.
 */
export function useProtocolUi(protocol: string | undefined): ProtocolUi | undefined {
  if (protocol === undefined || !families[protocol]) return undefined;
  return loaded.get(protocol) ?? use(loadProtocolUi(protocol));
}
