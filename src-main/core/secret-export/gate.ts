import { CeremonyError } from '../errors.ts';

/**
 * The one way a secret (a share, a backup, API keys) leaves the vault as a file: main asks its
 * shell where to write it, and the shell asks the PERSON, never the renderer. The renderer could
 * be compromised; it may start an export but cannot choose the destination or skip the
 * confirmation. Electron shows a native save dialog and a native confirmation naming the secret;
 * the loopback host (whose only UI is the renderer) writes into a fixed `ceremony-exports/`
 * folder once the person types a one-time code printed on the host's terminal (`code-gate.ts`).
 */
export interface SecretExportRequest {
  /** What the file holds, in main's words (shown in the confirmation), e.g. "the Seal share MASTER_SHARE_V0". */
  what: string;
  /** The file name to suggest. */
  fileName: string;
  /** Loopback host: the one-time code the person typed. */
  code?: string;
}

export interface SecretExportGate {
  /** The path to write to, once the person confirmed; null when they cancelled. */
  destination(req: SecretExportRequest): Promise<string | null>;
}

/** The gate of a step, or a clear error when the shell offers none. */
export function requireGate(gate: SecretExportGate | undefined): SecretExportGate {
  if (!gate)
    throw new CeremonyError(
      'export/unavailable',
      'This app cannot write secret files: it has no way to ask you where (use the desktop app or the loopback host).',
    );
  return gate;
}

/**
 * Command line and scripted runs: the person named the file on the command line, so the next
 * export goes exactly there (one path per export, used once).
 */
export class PresetDestinations implements SecretExportGate {
  private readonly queue: string[] = [];
  next(path: string): this {
    this.queue.push(path);
    return this;
  }
  async destination(req: SecretExportRequest): Promise<string | null> {
    const path = this.queue.shift();
    if (!path) throw new CeremonyError('export/no-destination', `No file was named for ${req.what}.`);
    return path;
  }
}
