import { z } from 'zod';

/**
 * Inputs of the quorum-run Ed25519 group ceremony (trust-server style), shared by the renderer
 * forms, the CLI and the engine protocol (src-main/core/ceremonies/group).
 */
export const Moniker = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit');

/** A trust-server base URL for peers_list.txt; empty means "none". */
const PeerUrl = z
  .string()
  .max(512)
  .transform((s) => s.trim())
  .pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/ })]))
  .transform((s) => (s === '' ? null : s));

/** A folder every operator can reach (network share, synced folder): files are dropped and picked up there. */
const ExchangeFolder = z
  .string()
  .max(4096)
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? null : s));

/** `ceremonies.create` params: the coordinator lists the agreed operators and threshold. */
export const GroupCreateInput = z
  .object({
    moniker: Moniker,
    /** Every operator's moniker, including the coordinator's: N = members.length. */
    members: z.array(Moniker).min(2).max(1000),
    threshold: z.number().int().min(1).max(1000),
    url: PeerUrl.optional(),
    exchangeFolder: ExchangeFolder.optional(),
  })
  .strict();
export type GroupCreateInput = z.input<typeof GroupCreateInput>;

/** `ceremonies.join` params, from a genesis invitation or from a group-info file (newcomer). */
export const GroupJoinInput = z
  .object({
    moniker: Moniker,
    url: PeerUrl.optional(),
    exchangeFolder: ExchangeFolder.optional(),
  })
  .strict();
export type GroupJoinInput = z.input<typeof GroupJoinInput>;

const CheckCode = z.string().regex(/^\d{4}-\d{4}-\d{4}$/, 'a check code looks like 1234-5678-9012');

/** Every group action (`ceremonies.act`): name → input schema. */
export const GROUP_ACTIONS = {
  /** Genesis: I compared the roster check code with every operator; send my round-1 package. */
  'confirm-roster': z.object({ rosterCheckCode: CheckCode }).strict(),
  'send-shares': z.object({}).strict(),
  finalize: z.object({}).strict(),
  /** Newcomer: ask these members (≥ threshold) to approve. */
  'request-join': z.object({ quorum: z.array(Moniker).min(1).max(1000) }).strict(),
  /** Approver: I compared the newcomer's identity check code with them. */
  'approve-join': z.object({ epoch: z.number().int().min(1), identityCheckCode: CheckCode }).strict(),
  'refuse-join': z.object({ epoch: z.number().int().min(1), reason: z.string().min(1).max(500) }).strict(),
  /** The pending join when `epoch` is left out (the screen sends {} after its confirmation). */
  'send-contribution': z.object({ epoch: z.number().int().min(1).optional() }).strict(),
  'finalize-join': z.object({}).strict(),
  /** Writes public_key.txt, peers_list.txt, shared.sss and, only when asked, private.sss (plaintext share). */
  'export-trust-server': z.object({ folder: z.string().min(1).max(4096), includePrivate: z.boolean() }).strict(),
} as const;

// ---------------------------------------------------------------------------------------------
// The typed view (`CeremonyView.view` when `protocol` is 'group'): data, never sentences.

export const GROUP_PHASES = ['genesis', 'group', 'joining'] as const;
export const GROUP_MEMBER_ROLES = ['operator', 'newcomer'] as const;
/** Per participant in the current phase: waiting for them, done, or not part of this step. */
export const GROUP_MEMBER_STATES = ['waiting', 'done', 'idle'] as const;

export const GroupMemberView = z.object({
  moniker: z.string(),
  role: z.enum(GROUP_MEMBER_ROLES),
  you: z.boolean(),
  state: z.enum(GROUP_MEMBER_STATES),
  /** The code others compare with this member's identity; null before the member registered. */
  identityCheckCode: CheckCode.nullable(),
});
export type GroupMemberView = z.infer<typeof GroupMemberView>;

export const GroupPendingJoin = z.object({
  epoch: z.number().int().min(1),
  moniker: z.string(),
  identityCheckCode: CheckCode,
  /** The members the newcomer asked to approve. */
  approvers: z.array(z.string()),
  approved: z.array(z.string()),
});
export type GroupPendingJoin = z.infer<typeof GroupPendingJoin>;

export const GroupView = z.object({
  protocol: z.literal('group'),
  phase: z.enum(GROUP_PHASES),
  me: z.string(),
  threshold: z.number().int(),
  /** Operators in the roster (genesis) or members of the group. */
  n: z.number().int(),
  groupKey: z.string().nullable(),
  /** Genesis: the code every operator compares before sending round 1; null once unknown or not needed. */
  rosterCheckCode: CheckCode.nullable(),
  members: z.array(GroupMemberView),
  pendingJoin: GroupPendingJoin.nullable(),
  exchangeFolder: z.string().nullable(),
});
export type GroupView = z.infer<typeof GroupView>;
