import { z } from 'zod';
import { defineCalls } from './define.ts';
import { CeremonyId, CheckCode, Empty, Fingerprint, IsoTime, Phase, ProtocolId } from './common.ts';
import { FrostView } from '../ceremonies/frost.ts';
import { GroupView } from '../ceremonies/group.ts';
import { SealView } from '../ceremonies/seal.ts';

export const CeremonyStatus = z.enum(['active', 'completed', 'failed']);

export const CeremonySummary = z.object({
  id: CeremonyId,
  protocol: ProtocolId,
  title: z.string(),
  role: z.string(),
  phase: Phase,
  status: CeremonyStatus,
  rehearsal: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** One sentence: what happens next or whom we wait for. */
  headline: z.string(),
});
export type CeremonySummary = z.infer<typeof CeremonySummary>;

/**
 * A ceremony folder whose state cannot be read (e.g. a truncated `state.json`): listed, not
 * hidden, so the person learns it exists and what to do about it.
 */
export const DamagedCeremony = z.object({
  /** The folder's name (normally the ceremony id; not checked, the folder may be anything). */
  id: z.string().min(1).max(255),
  damaged: z.literal(true),
  /** What is wrong and what to do, one or two sentences. */
  problem: z.string(),
  /** When the state file was last written (its modification time). */
  updatedAt: IsoTime,
});
export type DamagedCeremony = z.infer<typeof DamagedCeremony>;

/** One line of the ceremony list. */
export const CeremonyListEntry = z.union([CeremonySummary, DamagedCeremony]);
export type CeremonyListEntry = z.infer<typeof CeremonyListEntry>;

export function isDamagedCeremony(c: CeremonyListEntry): c is DamagedCeremony {
  return 'damaged' in c && c.damaged === true;
}

export const ParticipantView = z.object({
  id: z.string(),
  label: z.string(),
  /** "you", "coordinator", "continuing", "joining", … */
  tags: z.array(z.string()),
  state: z.enum(['waiting', 'done', 'problem', 'inactive']),
  /** Human status, e.g. "Registered", "Message received 14:02", "Has not sent round 1". */
  status: z.string(),
  checkCode: CheckCode.nullable(),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

export const ActivityEntry = z.object({
  seq: z.number().int(),
  at: IsoTime,
  step: z.string(),
  summary: z.string(),
  hash: Fingerprint,
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const NextAction = z.object({
  action: z.string(),
  label: z.string(),
  description: z.string(),
  /** When set, the UI asks for confirmation with this sentence before running the action. */
  confirm: z.string().nullable(),
  primary: z.boolean(),
});
export type NextAction = z.infer<typeof NextAction>;

export const Fact = z.object({
  label: z.string(),
  value: z.string(),
  /** Monospace values (ids, keys) are shown with a copy button and read by screen readers in groups. */
  mono: z.boolean(),
});
export type Fact = z.infer<typeof Fact>;

export const ArtifactView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  bytes: z.number().int(),
  fingerprint: Fingerprint,
  checkCode: CheckCode,
  /** The person saved or copied this file out at least once (these exact bytes). */
  saved: z.boolean(),
});
export type ArtifactView = z.infer<typeof ArtifactView>;

/** The engine's test protocol (test hosts only) has no protocol data of its own. */
const TestView = z.object({ protocol: z.literal('test') });

/**
 * Each family's structured public data, keyed by protocol: what the screens read (numbers, ids,
 * per-participant states as enums, check codes), so no screen parses the words of `facts`,
 * `headline` or participant statuses, which are for showing only.
 */
export const ProtocolView = z.discriminatedUnion('protocol', [SealView, FrostView, GroupView, TestView]);
export type ProtocolView = z.infer<typeof ProtocolView>;

export const CeremonyView = CeremonySummary.extend({
  phases: z.array(z.object({ phase: Phase, name: z.string(), state: z.enum(['done', 'current', 'upcoming']) })),
  participants: z.array(ParticipantView),
  activity: z.array(ActivityEntry),
  next: z.array(NextAction),
  facts: z.array(Fact),
  artifacts: z.array(ArtifactView),
  view: ProtocolView,
  /** Hash chain of the journal verified on load. */
  journalIntact: z.boolean(),
});
export type CeremonyView = z.infer<typeof CeremonyView>;

/** Protocol-specific inputs are validated in main against src-shared/ceremonies/<p>.ts. */
const ProtocolInput = z.record(z.string(), z.unknown());

export const ceremonyCalls = defineCalls({
  'ceremonies.list': {
    summary: 'Ceremonies on this machine, damaged ones included (with what to do)',
    input: Empty,
    output: z.array(CeremonyListEntry),
  },
  'ceremonies.get': { summary: 'One ceremony, as the ceremony screen shows it', input: z.object({ id: CeremonyId }), output: CeremonyView },
  'ceremonies.create': {
    summary: 'Start a new ceremony as its creator',
    input: z.object({ protocol: ProtocolId, title: z.string().min(1).max(120), rehearsal: z.boolean(), params: ProtocolInput }),
    output: CeremonyView,
  },
  'ceremonies.join': {
    summary: 'Join a ceremony from an invitation file (bundle or protocol file)',
    input: z.object({ name: z.string().min(1).max(255), base64: z.string().max(60_000_000), params: ProtocolInput }),
    output: CeremonyView,
  },
  'ceremonies.act': {
    summary: 'Run one step of a ceremony',
    // Strict: a field put beside the action's input (a one-time code, say) is refused, not dropped.
    input: z.object({ id: CeremonyId, action: z.string().min(1).max(64), input: ProtocolInput }).strict(),
    output: CeremonyView,
  },
  'ceremonies.readArtifact': {
    summary: 'Bytes of a public artifact (to save or download)',
    // `toSave`: the bytes become a download the person keeps (noted as saved; see ArtifactView.saved).
    input: z.object({ id: CeremonyId, artifactId: z.string(), toSave: z.boolean().optional() }),
    output: z.object({ name: z.string(), base64: z.string(), mime: z.string() }),
  },
});
