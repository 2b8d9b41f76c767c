import { ApiError } from '@ramp/api';
import { CommanderError } from 'commander';

/** Exit codes: 0 success, 1 the command failed, 2 the command line was wrong. */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad argument or option: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code and the one-line reason for an error thrown while running a command. */
export function describeError(err: unknown): { code: ExitCode; message: string | undefined } {
  if (err instanceof CommanderError) {
    // --help and --version end through the same path with exit code 0 and print themselves.
    if (err.exitCode === 0) return { code: ExitCode.OK, message: undefined };
    // `ramp` with no command has already printed the help on stderr.
    if (err.code === 'commander.help') return { code: ExitCode.USAGE, message: undefined };
    return { code: ExitCode.USAGE, message: oneLine(err.message.replace(/^error: /, '')) };
  }
  if (err instanceof UsageError) return { code: ExitCode.USAGE, message: oneLine(err.message) };
  // The server's own words, with its code so scripts and people can tell 403 from 409.
  if (err instanceof ApiError) {
    return { code: ExitCode.FAILURE, message: oneLine(`${err.message} (${err.code})`) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: ExitCode.FAILURE, message: oneLine(message) };
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
