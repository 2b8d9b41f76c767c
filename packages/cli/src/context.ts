import type { Command } from 'commander';
import type { CliConfig } from './config.js';

/** Where a command writes: process.stdout/stderr in the bin, strings in tests. */
export interface OutputStream {
  write(text: string): unknown;
}

/** Everything the CLI takes from its process, passed in so tests can run it in-process. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is an interactive terminal (progress bars are drawn only then). */
  readonly isTTY: boolean;
  /** Where the flags file is looked up; defaults to the process's working directory. */
  readonly cwd?: string;
  /** The clock, in milliseconds; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Calls `listener` once on SIGINT/SIGTERM (long-running commands such as `serve`). */
  readonly onSignal?: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => void;
  /** The fetch the server commands use; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/** What every command receives when it is registered. */
export interface CommandContext {
  readonly io: CliIo;
  readonly config: CliConfig;
  readonly cwd: string;
  readonly now: () => number;
}

/** One `ramp` command: a file in `src/commands/` exporting one of these. */
export interface CliCommand {
  /** Adds the command, its options, help text and action to the program. */
  readonly register: (program: Command, context: CommandContext) => Command;
  /** Command lines shown in the command's help and in `ramp --help`. */
  readonly examples: readonly string[];
}
