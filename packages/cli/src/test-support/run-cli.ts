import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { main } from '../main.js';

export interface RunOptions {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly isTTY?: boolean;
  readonly now?: () => number;
  /** The fetch the server commands use (tests wrap the real one to act between requests). */
  readonly fetch?: typeof fetch;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ramp` in-process with captured output, an explicit env and no TTY by default. */
export async function runCli(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? tempDir(),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return { code, stdout, stderr };
}

/** A temporary directory for the current test, optionally holding a `ramp.flags.json`. */
export function tempDir(flagsFile?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ramp-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  if (flagsFile !== undefined) {
    writeFileSync(join(dir, 'ramp.flags.json'), JSON.stringify(flagsFile));
  }
  return dir;
}
