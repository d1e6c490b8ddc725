import fc from 'fast-check';

/**
 * Vitest setup file: every property test of a run uses the one seed chosen in vitest.config.ts
 * (printed there, replayable with CEREMONY_PROPERTY_SEED=<seed>). fast-check adds the seed and
 * the failing path to the error message of any failure.
 */
const seed = Number(process.env.CEREMONY_PROPERTY_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`CEREMONY_PROPERTY_SEED must be an integer, got ${process.env.CEREMONY_PROPERTY_SEED}`);
fc.configureGlobal({ seed });
