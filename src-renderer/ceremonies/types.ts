import type { FC } from 'react';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { BundleHeaderView } from '../../src-shared/api/bundles.ts';

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
  /** Whether the import panel is shown; by default only while the ceremony is active. */
  acceptsImports?(view: CeremonyView): boolean;
}
