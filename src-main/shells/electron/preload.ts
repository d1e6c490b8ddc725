/**
 * The sandboxed preload: exposes exactly one object, `window.ceremony`, with two functions.
 * No raw ipcRenderer, no Node. Every call goes through one channel and is validated in main
 * against the contract; events arrive on one channel and are handed to listeners by name.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Channel names are duplicated from src-shared/api/contract.ts on purpose: a sandboxed preload
// must stay a single small CommonJS file with no imports besides electron.
const CALL = 'ceremony:call';
const EVENT = 'ceremony:event';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT, (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
  for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
});

contextBridge.exposeInMainWorld('ceremony', {
  // Replies cross contextBridge as plain data ({ok, value} | {ok, error}); the renderer
  // bridge turns errors into ApiError with their code.
  call: (name: string, input: unknown) => {
    if (typeof name !== 'string') throw new TypeError('call name must be a string');
    return ipcRenderer.invoke(CALL, { name, input });
  },
  on: (event: string, listener: Listener) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});
