import { z } from 'zod';
import { defineCalls } from './define.ts';

/**
 * The group's sss-tool compatible mode (for groups that already run with the trust-server's
 * sss-tool): the tool's commands with its own flags, run by main against this install's operator
 * (state in the vault). Outputs are what sss-tool prints: public values only.
 */
export const SSS_TOOL_COMMANDS = ['initialize', 'initial-pub-data', 'init-common', 'init-my-share', 'add-new', 'init-new', 'info'] as const;
export type SssToolCommand = (typeof SSS_TOOL_COMMANDS)[number];

const FilePath = z.string().min(1).max(4096);
const Json = z.string().trim().min(2).max(1_000_000);
export const SssToolFlags = z
  .object({
    moniker: z.string().trim().min(1).max(64).optional(),
    m: z
      .string()
      .regex(/^[1-9][0-9]{0,3}$/, 'a threshold such as 3')
      .optional(),
    pubDatas: Json.optional(),
    partialShares: Json.optional(),
    pubkey: z.string().trim().min(1).max(200).optional(),
    quorum: Json.optional(),
  })
  .strict();
export type SssToolFlags = z.infer<typeof SssToolFlags>;

/** Seed step names (sss-setup.md's first draft) → sss-tool's real commands, for the wizard's help. */
export const SSS_TOOL_STEP_HELP: readonly { step: string; command: string; what: string }[] = [
  { step: 'dkg-round1', command: 'initial-pub-data --m M', what: 'your commitments and proofs: one JSON line; merge everyone’s' },
  {
    step: 'dkg-round2',
    command: 'init-common --pub-datas MERGED',
    what: 'prints the common coefficients, then one JSON line of shares sealed to each operator; merge everyone’s last line',
  },
  { step: 'dkg-finalize', command: 'init-my-share --pub-datas … --partial-shares …', what: 'opens and checks your share' },
  {
    step: 'join-request',
    command: 'initialize --moniker NEW, the group’s shared.sss, info',
    what: 'the newcomer’s “My public key:” to read aloud',
  },
  {
    step: 'approve-participant',
    command: 'add-new --moniker NEW --pubkey B64 --quorum ["a","b"]',
    what: 'each of exactly M approvers; merge their lines',
  },
  { step: 'finalize-join', command: 'init-new --partial-shares MERGED', what: 'the newcomer opens and checks its share' },
];

export const groupSssCalls = defineCalls({
  'groupSss.run': {
    summary: 'Run one sss-tool command for this install’s sss-tool compatible operator (state in the vault)',
    input: z.object({ command: z.enum(SSS_TOOL_COMMANDS), flags: SssToolFlags.default({}) }).strict(),
    output: z.object({ stdout: z.string(), note: z.string().nullable() }),
  },
  'groupSss.import': {
    summary: 'Import an existing sss-tool operator (private.sss + shared.sss), or a newcomer’s copy of shared.sss',
    input: z.object({ privatePath: FilePath.optional(), sharedPath: FilePath }).strict(),
    output: z.object({ info: z.array(z.string()), moniker: z.string() }),
  },
});
