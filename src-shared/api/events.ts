import { z } from 'zod';
import { defineEvents } from './define.ts';
import { CeremonyId } from './common.ts';

export const events = defineEvents({
  'ceremony.changed': { summary: 'A ceremony changed; refetch it', payload: z.object({ id: CeremonyId }) },
  'ceremonies.changed': { summary: 'The list of ceremonies changed', payload: z.object({}) },
  'vault.changed': { summary: 'The vault state changed', payload: z.object({}) },
  progress: {
    summary: 'Progress of a slow operation',
    payload: z.object({ taskId: z.string(), label: z.string(), done: z.number(), total: z.number() }),
  },
});
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;
