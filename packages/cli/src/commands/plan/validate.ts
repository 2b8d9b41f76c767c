import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rollouts } from '@ramp/server';
import type { Command } from 'commander';
import type { CliCommand, CommandContext, OutputStream } from '../../context.js';
import { UsageError } from '../../errors.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';

/** What `ramp plan validate` says about a valid plan. */
export interface PlanSummary {
  readonly name: string;
  readonly phases: number;
  /** Every stop of every phase, its own percentages included: the timeline's "step 1 of 2". */
  readonly steps: number;
  readonly flags: readonly string[];
}

/** The `--json` output of `ramp plan validate`. */
export interface Validation {
  readonly valid: boolean;
  readonly errors: readonly rollouts.PathError[];
  readonly summary: PlanSummary | null;
}

/**
 * Reads a file named on the command line. A file that cannot be read is a wrong command line
 * (exit 2); a file that can be read but is not a valid plan is a failed check (exit 1).
 */
export function readInputFile(context: CommandContext, path: string, what: string): string {
  try {
    return readFileSync(resolve(context.cwd, path), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${readFailure(err)}`);
  }
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  return err instanceof Error ? err.message : String(err);
}

export function summarizePlan(plan: rollouts.Plan): PlanSummary {
  return {
    name: plan.name,
    phases: plan.phases.length,
    steps: plan.phases.reduce((sum, phase) => sum + phase.stops.length, 0),
    flags: plan.flags.map((flag) => flag.key),
  };
}

/** `PLAN: valid — 3 phases, 6 steps, flags a, b, c` */
export function formatSummary(file: string, summary: PlanSummary): string {
  const flags = `${summary.flags.length === 1 ? 'flag' : 'flags'} ${summary.flags.join(', ')}`;
  return `${file}: valid — ${plural(summary.phases, 'phase')}, ${plural(summary.steps, 'step')}, ${flags}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Writes one `path: expected …` line per error. */
export function writePathErrors(stream: OutputStream, errors: readonly rollouts.PathError[]): void {
  for (const error of errors) stream.write(`${rollouts.formatPathError(error)}\n`);
}

/** The one-line reason that ends a run over an invalid file (exit 1). */
export function invalidFile(file: string, errors: readonly unknown[]): Error {
  return new Error(`${file}: invalid — ${plural(errors.length, 'error')}`);
}

/**
 * Reads and compiles a plan file for a command that goes on to use it; an invalid plan writes
 * its errors to stderr and throws (exit 1).
 */
export function loadPlan(context: CommandContext, file: string): rollouts.Plan {
  const result = rollouts.parsePlan(readInputFile(context, file, 'plan'));
  if (result.ok) return result.value;
  writePathErrors(context.io.stderr, result.errors);
  throw invalidFile(file, result.errors);
}

function run(context: CommandContext, file: string, raw: { readonly json?: boolean }): void {
  const result = rollouts.parsePlan(readInputFile(context, file, 'plan'));
  const { stdout, stderr } = context.io;
  if (raw.json === true) {
    const validation: Validation = result.ok
      ? { valid: true, errors: [], summary: summarizePlan(result.value) }
      : { valid: false, errors: result.errors, summary: null };
    writeJson(stdout, validation);
  } else if (result.ok) {
    stdout.write(`${formatSummary(file, summarizePlan(result.value))}\n`);
  } else {
    writePathErrors(stderr, result.errors);
  }
  if (!result.ok) throw invalidFile(file, result.errors);
}

const examples = [
  'ramp plan validate examples/memory-system-rollout.yaml',
  'ramp plan validate plan.yaml --json',
];

/** `ramp plan validate PLAN`: checks a plan file against the schema and its rules. */
export const validateCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('validate')
      .description('Check a plan file (YAML or JSON) and list every error by its path')
      .argument('<plan>', 'the plan file')
      .option('--json', 'print { valid, errors: [{ path, message }], summary } (same exit status)')
      .action((file: string, raw: { json?: boolean }) => run(context, file, raw))
      .addHelpText(
        'after',
        '\nExit status: 0 valid; 1 invalid, every error on stderr as "path: expected …";\n' +
          '2 the file cannot be read.',
      );
    return addExamples(command, examples);
  },
};
