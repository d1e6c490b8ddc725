import type { z } from 'zod';
import type { Json } from '../encoding/canonical-json.ts';
import type { Bundle, OutgoingBundle } from '../bundles/format.ts';
import type { CeremonyError } from '../errors.ts';
import type { RecordStatement } from '../record/format.ts';
import type { Fact, NextAction, ParticipantView, ProtocolView } from '../../../src-shared/api/ceremonies.ts';

/**
 * The interface every ceremony protocol (Seal, FROST, quorum group, and the test protocol)
 * implements for the engine. A protocol is a set of pure-ish step functions over a JSON state
 * that holds PUBLIC data only; secrets live in the vault and are reached through the context.
 *
 *   step(state, input, ctx) → { state', artifacts, outgoing bundles, effects }
 *
 * The engine commits the result atomically and only then runs the effects (things that leave
 * the machine: transactions, relay messages), which must be idempotent.
 */
export type PhaseNo = 1 | 2 | 3;
export type CeremonyStatus = 'active' | 'completed' | 'failed';
export type ProtocolName = 'seal' | 'frost' | 'group' | 'test';

/** Engine-owned, public facts about a ceremony. */
export interface CeremonyMeta {
  id: string;
  protocol: ProtocolName;
  title: string;
  role: string;
  rehearsal: boolean;
  createdAt: string;
  updatedAt: string;
  phase: PhaseNo;
  status: CeremonyStatus;
  /** This install's participant: its id in the protocol and its bundle-signing public key (hex). */
  me: { id: string; label: string; bundleKey: string };
}

export interface ArtifactDraft {
  /** Stable id within the ceremony; writing the same id again replaces the artifact. */
  id: string;
  /** File name used on export, e.g. "message_2.json". */
  name: string;
  description: string;
  mime: string;
  bytes: Uint8Array;
}

export interface OutgoingDraft extends OutgoingBundle {
  /** Artifact id under which the signed bundle file is kept for export. */
  artifactId: string;
  /** File name on export, should end with `.ceremony`. */
  fileName: string;
  description: string;
}

/** A side effect that leaves the machine; `id` is its idempotency key. */
export interface EffectDraft {
  id: string;
  kind: string;
  args: Json;
}

export interface StepResult<S> {
  state: S;
  /** One line for the journal and the activity log, e.g. "Registered on chain". */
  summary: string;
  phase?: PhaseNo;
  status?: CeremonyStatus;
  artifacts?: ArtifactDraft[];
  outgoing?: OutgoingDraft[];
  effects?: EffectDraft[];
  /**
   * This install's participant from now on, when the step changes it (a restarted Seal committee
   * gives a member a new party id); the bundle-signing key stays.
   */
  me?: { id: string; label: string };
}

export interface SecretSpec {
  /** Human label shown in the vault list. */
  label: string;
  /** e.g. 'seal.dkg-keys', 'seal.share', 'frost.key-package', 'bundle.identity'. */
  kind: string;
  /** Public counterpart from which the vault derives the fingerprint shown to people. */
  publicPart?: Uint8Array;
  /** Public, searchable tags (e.g. key server object id and share version). */
  tags?: Record<string, string>;
}

export interface StepContext<Services = unknown> {
  readonly meta: CeremonyMeta;
  now(): string;
  /**
   * Returns the secret stored under `name` in this ceremony, creating it with `generate` and
   * persisting it to the vault first when it does not exist yet. Because a secret is stored
   * before anything derived from it exists, a step that crashed and runs again derives the same
   * outputs.
   */
  secret(name: string, spec: SecretSpec, generate: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array>;
  readSecret(name: string): Promise<Uint8Array>;
  hasSecret(name: string): Promise<boolean>;
  /** A previously written artifact of this ceremony. */
  readArtifact(id: string): Uint8Array;
  /**
   * The bundle `senderId` sent for `step`, exactly as imported (the latest one); null when none
   * is in the inbox. Optional: contexts outside the engine (tests) may lack it.
   */
  readInboxBundle?(senderId: string, step: string): Uint8Array | null;
  /**
   * Signs a ceremony record statement (core/record) with this install's bundle identity, under
   * the record's own domain: the key stays in the vault and in main, and no record signature is
   * ever a bundle signature.
   */
  signRecord(statement: RecordStatement): Promise<{ publicKey: string; signature: string }>;
  /** Every bundle of this ceremony this install sent or accepted (before this step): sender, step, fingerprint. */
  bundleLedger(): { sender: string; step: string; fingerprint: string }[];
  progress(label: string, done: number, total: number): void;
  readonly services: Services;
}

export interface ActionDef<S, Services = unknown> {
  /** Input schema, from src-shared/ceremonies/<name>.ts. */
  readonly input: z.ZodType;
  run(state: S, input: never, ctx: StepContext<Services>): Promise<StepResult<S>>;
}

/** The handler of one action: its input is what the action's schema parses to. */
export type ActionHandler<S, Services, I extends z.ZodType> = (
  state: S,
  input: z.infer<I>,
  ctx: StepContext<Services>,
) => Promise<StepResult<S>> | StepResult<S>;

/**
 * The one way a protocol defines its actions: the shared table (`<P>_ACTIONS` in
 * src-shared/ceremonies/<name>.ts, action name → input schema) and one handler per name. Each
 * handler's input type is inferred from its schema, so a handler that expects something else, or a
 * name without a handler, fails the type check. The engine parses the input with the schema before
 * it calls the handler.
 */
export function defineActions<S, Services, T extends Record<string, z.ZodType>>(
  schemas: T,
  handlers: { [K in keyof T]: ActionHandler<S, Services, T[K]> },
): Record<keyof T & string, ActionDef<S, Services>> {
  const out = {} as Record<keyof T & string, ActionDef<S, Services>>;
  for (const name of Object.keys(schemas) as (keyof T & string)[]) {
    const run = handlers[name];
    const input: z.ZodType = schemas[name]!;
    out[name] = { input, run: async (state, i, ctx) => run(state, i as z.infer<T[typeof name]>, ctx) };
  }
  return out;
}

export interface Created<S> extends StepResult<S> {
  role: string;
  title: string;
  me: { id: string; label: string };
  /** Ceremony id: chosen by the creator, taken from the invitation by a joiner. */
  ceremonyId: string;
  rehearsal: boolean;
}

export interface RosterEntry {
  id: string;
  label: string;
  /** Bundle-signing key (hex) once known; null while not yet learnt (first bundle binds it). */
  bundleKey: string | null;
}

export interface Description {
  headline: string;
  participants: ParticipantView[];
  next: NextAction[];
  facts: Fact[];
}

export interface Protocol<S extends Json = Json, Services = unknown> {
  readonly name: ProtocolName;
  /** Schema of `ceremonies.create` params. */
  readonly createInput: z.ZodType;
  create(params: never, ctx: CreateContext<Services>): Promise<Created<S>>;
  /** Joining from an invitation file; absent when the protocol has no joiners. */
  join?(
    file: { name: string; bytes: Uint8Array; bundle: Bundle | null },
    params: Record<string, unknown>,
    ctx: CreateContext<Services>,
  ): Promise<Created<S>>;
  readonly actions: Readonly<Record<string, ActionDef<S, Services>>>;
  roster(state: S): RosterEntry[];
  /**
   * Takes in a verified bundle (format, signature, ceremony, sender key already checked).
   * Throws a BundleError ('bundle/wrong-phase', 'bundle/rejected-by-protocol', …) to refuse it.
   */
  accept(state: S, bundle: Bundle, ctx: StepContext<Services>): Promise<StepResult<S>>;
  /** The ceremony id used in bundle headers when it is not the local id (e.g. derived from an on-chain object). */
  wireId?(state: S): string | null;
  /**
   * Optional: a bundle carrying ANOTHER wire id that this ceremony takes in as its own
   * continuation (a Seal coordinator's invitation to the committee it restarted). It is then
   * admitted against its own wire id (roster and sender keys are still checked), and `accept`
   * must move the state to that wire id.
   */
  adopts?(state: S, bundle: Bundle): boolean;
  /** Optional: files that are not bundles but a protocol's native format (e.g. Seal's message_P.json). */
  acceptFile?(state: S, file: { name: string; bytes: Uint8Array }, ctx: StepContext<Services>): Promise<StepResult<S> | null>;
  /**
   * Optional: a native file `acceptFile` refused. A result is committed (the import still reports
   * the refusal), so a protocol can remember refused files; null records nothing.
   */
  refuseFile?(
    state: S,
    file: { name: string; bytes: Uint8Array },
    error: CeremonyError,
    ctx: StepContext<Services>,
  ): StepResult<S> | null | Promise<StepResult<S> | null>;
  /**
   * Optional: an action threw a CeremonyError. A result committed here records what the failure
   * leaves behind (e.g. evidence against a cheater as an artifact); the action's error is still
   * what the caller gets. Null records nothing.
   */
  refuseAction?(state: S, action: string, error: CeremonyError, ctx: StepContext<Services>): Promise<StepResult<S> | null>;
  /**
   * Optional: a verified bundle `accept` refused. A result committed here records what the refusal
   * leaves behind (evidence against its sender); the import still reports the refusal. Null
   * records nothing.
   */
  refuseBundle?(
    state: S,
    bundle: Bundle,
    bytes: Uint8Array,
    error: CeremonyError,
    ctx: StepContext<Services>,
  ): Promise<StepResult<S> | null>;
  describe(state: S, meta: CeremonyMeta): Description;
  /** The structured public data the screens read (`CeremonyView.view`); `describe` words it for people. */
  view(state: S, meta: CeremonyMeta): ProtocolView;
  runEffect?(effect: EffectDraft, state: S, ctx: StepContext<Services>): Promise<Json>;
  applyEffect?(state: S, effect: EffectDraft, result: Json): StepResult<S>;
}

/** Context for create/join: like a step context, before the ceremony exists. */
export type CreateContext<Services = unknown> = Omit<StepContext<Services>, 'readArtifact' | 'bundleLedger'> & {
  /** Fresh ceremony id for a creator. */
  newCeremonyId(): string;
};
