import type { FC } from 'react';
import type { NextAction } from '../../src-shared/api/ceremonies.ts';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { BundleHeaderView } from '../../src-shared/api/bundles.ts';
import type { NetworkKind } from '../components/NetworkMarker.tsx';

export interface CreateFormProps {
  busy: boolean;
  onCreate(title: string, rehearsal: boolean, params: Record<string, unknown>): void;
}

export interface JoinFormProps {
  busy: boolean;
  /** The invitation's header when it is a bundle; null for a protocol's native file. */
  invitation: BundleHeaderView | null;
  fileName: string;
  onJoin(params: Record<string, unknown>): void;
}

export interface ActionFormProps {
  view: CeremonyView;
  busy: boolean;
  submit(input: Record<string, unknown>): void;
  cancel(): void;
}

/** What a protocol's task card gets from the ceremony screen. */
export interface TaskProps {
  view: CeremonyView;
  busy: boolean;
  /** Starts a next action as the screen does: its form, its confirmation, or at once. */
  start(a: NextAction): void;
  /** Runs an action with input (e.g. a code comparison), announcing `label` when done. */
  act(action: string, input: Record<string, unknown>, label: string): Promise<void>;
}

/** The member-first screen's frame: who and where, and the steps in plain words. */
export interface ScreenFrame {
  /** "You are Alice (party 1 of 5)". */
  who: string;
  /** Where it runs (Seal: the Sui network or the rehearsal ledger); for FROST and the group only a rehearsal is marked ('practice'). */
  network: { kind: NetworkKind; label: string } | null;
  steps: readonly string[];
  current: number;
  /** The task heading: "Done" only when the person's work is done. */
  heading: string;
}

/** What the renderer knows about a protocol beyond the generic ceremony screen. */
export interface ProtocolUi {
  CreateForm?: FC<CreateFormProps>;
  JoinForm?: FC<JoinFormProps>;
  /** Forms for actions that take input; other actions run with `{}`. */
  actionForms?: Record<string, FC<ActionFormProps>>;
  /** Shown under the next actions while the ceremony screen is open (e.g. polling a relay). */
  Live?: FC<{ view: CeremonyView }>;
  /**
   * Protocol panels shown on the ceremony screen right under "Next" (a transaction to sign, a
   * dashboard, check codes to read aloud, hand-off choices).
   */
  Panels?: FC<{ view: CeremonyView }>;
  /** Actions the Panels present themselves: the generic "Next" list leaves them out. */
  panelActions?: readonly string[];
  /**
   * Member-first screens: the one task of this moment (replaces the list of next actions and
   * the Panels, which move under Technical details), with the frame around it.
   */
  Task?: FC<TaskProps>;
  frame?(view: CeremonyView): ScreenFrame;
  /** Extra content for Technical details (long hex, commands), above the facts and files. */
  Details?: FC<{ view: CeremonyView }>;
  /** Whether the import panel is shown; by default only while the ceremony is active. */
  acceptsImports?(view: CeremonyView): boolean;
}
