import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Injected so tests can run commands in-process and read the output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /**
   * Asks a person for a secret on the terminal without echoing it; null when there is no
   * terminal to ask on (a script, a test), so the command reads an environment variable instead.
   */
  askSecret?(prompt: string): Promise<string | null>;
}

export interface CliContext {
  /** Positional arguments after the command path. */
  readonly args: string[];
  /** Parsed `--options` (after the global ones were taken out). */
  readonly options: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly json: boolean;
  /** The app data folder (vault, ceremonies); `--data-dir` or `CEREMONY_DATA_DIR` or the OS default. */
  readonly dataDir: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliIo;
}

/**
 * What a command returns: `data` is printed as JSON with `--json`, `text` otherwise.
 * `exitCode` lets a check command report a failed check without throwing (default 0).
 */
export interface CommandResult {
  data: unknown;
  text: string;
  exitCode?: number;
}

/**
 * One line of the command catalogue (commands/index.ts): what `ceremony --help` lists, and how to
 * load the command. The module loads only when its command runs or shows its own help, so
 * `ceremony --help` starts without the crypto, the Sui SDK or the engine.
 */
export interface CommandEntry {
  /** e.g. ['vault', 'status'] for `ceremony vault status`. */
  readonly path: readonly string[];
  /** One line for `--help` listings. */
  readonly summary: string;
  load(): Promise<Command>;
}

/** A command's own module: its usage, options and what it does. */
export interface Command {
  /** Usage line after `ceremony <path>`, e.g. '<dkg.yaml> [--json]'. */
  readonly usage: string;
  /** Longer help text (optional). */
  readonly description?: string;
  readonly options?: ParseArgsConfig['options'];
  /** Minimum and maximum number of positional arguments. */
  readonly positionals?: { min: number; max: number };
  run(ctx: CliContext): Promise<CommandResult>;
}
