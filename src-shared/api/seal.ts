import { z } from 'zod';
import { defineCalls } from './define.ts';
import { CeremonyId } from './common.ts';
import { KeyServerReach, SealCommitteeHealth, SealNetwork, SealRegisterFunds, SealRotationPreview } from '../ceremonies/seal.ts';

/** Seal reads that are not steps of a ceremony (nothing is written). */
export const sealCalls = defineCalls({
  'seal.previewRotation': {
    summary: 'The committee behind a key server, to choose who continues in a rotation',
    input: z.object({ network: SealNetwork, keyServerObjId: z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'a key server object id (0x…)') }),
    output: SealRotationPreview,
  },
  'seal.registerFunds': {
    summary: "A member's balance and the most its registration costs, read from the chain (before registering)",
    input: z.object({ ceremonyId: CeremonyId }),
    output: SealRegisterFunds,
  },
  'seal.checkKeyServerUrl': {
    summary: 'Whether a key server URL answers now (information only; main makes the request, 3 s at most)',
    input: z.object({ url: z.string().trim().min(1).max(500) }),
    output: KeyServerReach,
  },
  'seal.checkKeyServers': {
    summary:
      "Committee health check of a finalized ceremony: each member's key server answers, serves its on-chain partial key, and for which key server (main makes the requests, with the API keys in this vault; a few seconds at most)",
    input: z.object({ ceremonyId: CeremonyId }),
    output: SealCommitteeHealth,
  },
});
