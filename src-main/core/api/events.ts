import type { EventName, EventPayload } from '../../../src-shared/api/contract.ts';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Main→renderer events; each shell subscribes once and forwards to its transport. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (e) {
        console.error('[events] listener failed', e);
      }
    }
  }
}
