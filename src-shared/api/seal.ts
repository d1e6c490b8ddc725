import { z } from 'zod';
import { defineCalls } from './define.ts';
import { SealNetwork, SealRotationPreview } from '../ceremonies/seal.ts';

/** Seal reads that are not steps of a ceremony (nothing is written). */
export const sealCalls = defineCalls({
  'seal.previewRotation': {
    summary: 'The committee behind a key server, to choose who continues in a rotation',
    input: z.object({ network: SealNetwork, keyServerObjId: z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'a key server object id (0x…)') }),
    output: SealRotationPreview,
  },
});
