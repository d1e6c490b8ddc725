import { create } from 'zustand';
import { ApiError, bridge } from '../bridge.ts';
import type { AppInfo } from '../../src-shared/api/app.ts';
import type { CeremonyListEntry, CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { BackupChecks, VaultStatus } from '../../src-shared/api/vault.ts';
import type { CallInput, CallName, CallOutput } from '../../src-shared/api/contract.ts';
import { parseRoute, routeHash, type Route } from './route.ts';
import { loadProtocolUi } from '../ceremonies/registry.ts';

export interface Notice {
  id: number;
  kind: 'error' | 'success' | 'info';
  text: string;
}

export interface Progress {
  label: string;
  done: number;
  total: number;
}

/**
 * The renderer's state. It holds only what the API returns: public data. No secret ever
 * reaches it, because no call returns one.
 */
interface AppState {
  info: AppInfo | null;
  vault: VaultStatus | null;
  /** Backed-up secrets and whether each backup is due for a check; null while the vault is not unlocked. */
  backupChecks: BackupChecks | null;
  ceremonies: CeremonyListEntry[];
  current: CeremonyView | null;
  route: Route;
  /** Label of the operation in flight (disables buttons, shows a spinner). */
  busy: string | null;
  progress: Progress | null;
  notices: Notice[];
  /** Message for the polite live region read by screen readers. */
  announcement: string;
  /** Counts ceremony steps taken on this screen (refreshes excluded): what was said before a step is history. */
  stepsTaken: number;

  navigate(r: Route): void;
  refresh(): Promise<void>;
  openCeremony(id: string): Promise<void>;
  /** Shows a ceremony view returned by a call, if that ceremony is still the one on screen. */
  showView(view: CeremonyView): void;
  /** Runs a call with a busy label; errors become notices. Returns undefined on failure. */
  run<N extends CallName>(label: string, name: N, input: CallInput<N>): Promise<CallOutput<N> | undefined>;
  /**
   * The same, for a call made from a form: a failure is returned to the form, which shows it next
   * to what caused it and stays open, instead of a notice elsewhere on the screen.
   */
  attempt<N extends CallName>(
    label: string,
    name: N,
    input: CallInput<N>,
  ): Promise<{ ok: true; value: CallOutput<N> } | { ok: false; message: string; code?: string }>;
  /** Reads the backup checks again (after a backup was written or checked, or the period changed). */
  loadBackupChecks(): Promise<void>;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  announce(text: string): void;
}

let noticeId = 0;

export const useApp = create<AppState>((set, get) => ({
  info: null,
  vault: null,
  backupChecks: null,
  ceremonies: [],
  current: null,
  route: parseRoute(window.location.hash),
  busy: null,
  progress: null,
  notices: [],
  stepsTaken: 0,
  announcement: '',

  navigate(r) {
    const hash = routeHash(r);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route: r, current: r.name === 'ceremony' && get().current?.id === r.id ? get().current : null });
    if (r.name === 'ceremony') void get().openCeremony(r.id);
  },

  async refresh() {
    try {
      const [info, vault, ceremonies] = await Promise.all([
        bridge.call('app.info', {}),
        bridge.call('vault.status', {}),
        bridge.call('ceremonies.list', {}),
      ]);
      set({ info, vault, ceremonies });
      await get().loadBackupChecks();
      const r = get().route;
      if (r.name === 'ceremony') await get().openCeremony(r.id);
    } catch (e) {
      get().notify('error', e instanceof Error ? e.message : String(e));
    }
  },

  async openCeremony(id) {
    try {
      const current = await bridge.call('ceremonies.get', { id });
      // Its family's screens first, so the screen appears whole, heading and all (a failure shows on the screen).
      await loadProtocolUi(current.protocol).catch(() => undefined);
      // Only if that ceremony is still the one on screen: a slow answer for the ceremony just
      // left would otherwise replace the open one (the screen then waits on "Loading…").
      const r = get().route;
      if (r.name === 'ceremony' && r.id === id) set({ current });
    } catch (e) {
      get().notify('error', e instanceof Error ? e.message : String(e));
    }
  },

  showView(view) {
    const r = get().route;
    if (r.name === 'ceremony' && r.id === view.id) set({ current: view });
  },

  async run(label, name, input) {
    const r = await get().attempt(label, name, input);
    if (r.ok) return r.value;
    get().notify('error', r.message);
    return undefined;
  },

  async attempt(label, name, input) {
    set({ busy: label, progress: null });
    const before = noticeId;
    try {
      const value = await bridge.call(name, input);
      // A step that went through makes earlier notices out of date: the errors of earlier
      // attempts (a mistyped code, a refused file) and the confirmations of earlier steps ("see
      // Done so far", read on a screen that has moved on) go, so nothing stale sits over the next
      // task. Chain reads (refresh, polled) do not count as a step.
      const action = (input as { action?: unknown }).action;
      if (name === 'ceremonies.act' && action !== 'refresh')
        set({ notices: get().notices.filter((n) => n.id > before), stepsTaken: get().stepsTaken + 1 });
      return { ok: true as const, value };
    } catch (e) {
      return {
        ok: false as const,
        message: e instanceof ApiError || e instanceof Error ? e.message : String(e),
        ...(e instanceof ApiError ? { code: e.code } : {}),
      };
    } finally {
      set({ busy: null, progress: null });
    }
  },

  async loadBackupChecks() {
    if (get().vault?.state !== 'unlocked') return set({ backupChecks: null });
    const backupChecks = await bridge.call('vault.backupChecks', {}).catch(() => null);
    set({ backupChecks });
  },

  notify(kind, text) {
    const id = ++noticeId;
    set({ notices: [...get().notices.slice(-4), { id, kind, text }] });
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 8000);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  announce(text) {
    set({ announcement: text });
  },
}));

/** Wires main→renderer events into the store. Called once at start. */
export function subscribeToEvents(): void {
  const s = useApp.getState;
  bridge.on('ceremonies.changed', () => {
    void bridge.call('ceremonies.list', {}).then((ceremonies) => useApp.setState({ ceremonies }));
  });
  bridge.on('ceremony.changed', ({ id }) => {
    const r = s().route;
    if (r.name === 'ceremony' && r.id === id) void s().openCeremony(id);
  });
  bridge.on('vault.changed', () => {
    void bridge.call('vault.status', {}).then((vault) => {
      useApp.setState({ vault });
      return s().loadBackupChecks();
    });
  });
  bridge.on('progress', (p) => useApp.setState({ progress: { label: p.label, done: p.done, total: p.total } }));
  window.addEventListener('hashchange', () => s().navigate(parseRoute(window.location.hash)));
}
