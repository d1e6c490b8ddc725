import { z } from 'zod';
import { ErrorCodeSchema } from './errors.ts';

/** Values that cross the boundary: ids, public keys, fingerprints, statuses. Never secrets. */

export const CeremonyId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'not a ceremony id');
/** SHA-256 fingerprint, 64 lowercase hex characters. */
export const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/);
/** Short code people read aloud to compare: three groups of four digits. */
export const CheckCode = z.string().regex(/^\d{4}-\d{4}-\d{4}$/);
export const IsoTime = z.string().datetime({ offset: true });
export const Phase = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const ProtocolId = z.enum(['seal', 'frost', 'group', 'test']);

export const PHASE_NAMES = { 1: 'Registration', 2: 'Messages', 3: 'Finalization' } as const;

export const ApiErrorShape = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export const Empty = z.object({}).strict();

/** The one-time code the loopback host printed on its terminal, typed by the person to confirm a secret export. */
export const ConfirmCode = z.string().trim().min(1).max(20);

/**
 * A passphrase chosen for a file that leaves this computer (a vault, a backup, a key-server
 * package): at least 12 characters, since whoever holds the file can try guesses offline.
 */
export const PASSPHRASE_MIN_LENGTH = 12;
export const Passphrase = z
  .string()
  .min(PASSPHRASE_MIN_LENGTH, `Use a passphrase of at least ${PASSPHRASE_MIN_LENGTH} characters.`)
  .max(1024);
