import { z } from 'zod';
import { CeremonyRecordView } from './record.ts';

/**
 * Inputs of the quorum-run Ed25519 group ceremony (trust-server style), shared by the renderer
 * forms, the CLI and the engine protocol (src-main/core/ceremonies/group).
 */
/** An operator's signature on the genesis record (a bundle of step `record`): offered with the final file, never what "Done" waits for. */
export const GROUP_RECORD_SIGNATURE_ARTIFACT = 'record';

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

/**
 * What this install does in the group now. Genesis: the coordinator (who announces the roster
 * code) or an operator (who types it). A join: the newcomer, an approver the newcomer named, or
 * a member looking on; "member" is also everyone's role once the group is ready.
 */
export const GROUP_ROLES = ['coordinator', 'operator', 'newcomer', 'approver', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/**
 * Each role's steps in order (GroupView.step is one of its role's; a member's is 'ready', and
 * 'stopped' can happen to any).
 * The screens word them; the position in the list is the step's place in the step list.
 */
export const GROUP_GENESIS_STEPS = ['register', 'check-roster', 'exchange-shares', 'finalize', 'confirm-key', 'done'] as const;
export const GROUP_NEWCOMER_STEPS = ['request', 'approvals', 'contributions', 'finalize-join', 'done'] as const;
export const GROUP_APPROVER_STEPS = ['check-newcomer', 'approvals', 'contribute', 'newcomer-finalizes', 'done'] as const;
/** Every step of every role, and 'stopped' (a problem stopped the ceremony). */
export const GROUP_STEPS = [
  'register',
  'check-roster',
  'exchange-shares',
  'finalize',
  'confirm-key',
  'request',
  'approvals',
  'contributions',
  'finalize-join',
  'check-newcomer',
  'contribute',
  'newcomer-finalizes',
  'ready',
  'done',
  'stopped',
] as const;
export const GroupStep = z.enum(GROUP_STEPS);
export type GroupStep = z.infer<typeof GroupStep>;

export const GroupMemberView = z.object({
  moniker: z.string(),
  role: z.enum(GROUP_MEMBER_ROLES),
  you: z.boolean(),
  state: z.enum(GROUP_MEMBER_STATES),
  /**
   * The code others compare with this member's identity; null before the member registered, and
   * for a newcomer whom I must still approve (I type the code they read me; it is not shown).
   */
  identityCheckCode: CheckCode.nullable(),
});
export type GroupMemberView = z.infer<typeof GroupMemberView>;

export const GroupPendingJoin = z.object({
  epoch: z.number().int().min(1),
  moniker: z.string(),
  /** Null for an approver who has not approved yet: they type what the newcomer reads them. */
  identityCheckCode: CheckCode.nullable(),
  /** The members the newcomer asked to approve. */
  approvers: z.array(z.string()),
  approved: z.array(z.string()),
});
export type GroupPendingJoin = z.infer<typeof GroupPendingJoin>;

/** "Approvals: 1 of 2 needed — from Alice; waiting for Bob" (every named approver must approve). */
export const GroupApprovals = z.object({
  needed: z.number().int().min(1),
  from: z.array(z.string()),
  waitingFor: z.array(z.string()),
});
export type GroupApprovals = z.infer<typeof GroupApprovals>;

/** A file due now and the people it goes to (none in online mode: the exchange folder carries them). */
export const GroupCarry = z.object({
  artifactId: z.string(),
  to: z.array(z.string()).min(1),
  /**
   * A later file from the recipients will show it arrived (and take it off this list). False for
   * a file nothing answers (the genesis confirmation): saving it out is as far as the app can know.
   */
  receipt: z.boolean(),
});
export type GroupCarry = z.infer<typeof GroupCarry>;

export const GroupView = z.object({
  protocol: z.literal('group'),
  phase: z.enum(GROUP_PHASES),
  role: z.enum(GROUP_ROLES),
  step: GroupStep,
  me: z.string(),
  /** Whoever started the genesis (announces the roster code); null for a newcomer. */
  coordinator: z.string().nullable(),
  threshold: z.number().int(),
  /** Operators in the roster (genesis) or members of the group. */
  n: z.number().int(),
  groupKey: z.string().nullable(),
  /**
   * Genesis: the roster code. The coordinator sees it to read aloud; an operator sees it only
   * after typing it (main checks what they typed); null before everyone registered.
   */
  rosterCheckCode: CheckCode.nullable(),
  /**
   * The code of this moment was confirmed here: the roster code (genesis), the newcomer's
   * identity code (an approver). Null when this moment has no code to confirm.
   */
  codeConfirmed: z.boolean().nullable(),
  /** Whom this step waits for, by moniker (empty when it waits for me or for nobody). */
  waitingFor: z.array(z.string()),
  /** A join in progress: whose approvals are in and whose are missing. */
  approvals: GroupApprovals.nullable(),
  /**
   * Files due now. They can outlast the protocol's last step: at 'done' a file still here is
   * the person's last task (a genesis operator's confirmation, a newcomer's "joined" notice until
   * every member's group information shows it arrived); a member's at 'ready' is a courtesy
   * (their group information, the newcomer's receipt), not work left undone.
   */
  carry: z.array(GroupCarry),
  /** The genesis record, once this install holds a signature on it (null otherwise). */
  record: CeremonyRecordView.nullable(),
  members: z.array(GroupMemberView),
  pendingJoin: GroupPendingJoin.nullable(),
  exchangeFolder: z.string().nullable(),
  /** Why the ceremony stopped (a cheating dealer, a different transcript), and who caused it. */
  problem: z.object({ message: z.string(), culprit: z.string().nullable() }).nullable(),
});
export type GroupView = z.infer<typeof GroupView>;
