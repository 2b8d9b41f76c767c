import { Reason, evaluate, type FlagConfig } from '@ramp/sdk';
import type { Command } from 'commander';
import { parseFlagKey, parsePercentageOption, parseSamples } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { findFlagDefinition, loadFeatureFlags } from '../local-flags.js';
import { formatPercent } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { createProgressBar, silentProgress, type Progress } from '../output/progress-bar.js';

/** z for a two-sided 99 % interval. */
export const Z_99 = 2.576;

/** Runs this long or longer draw a progress bar (when stderr is a terminal). */
export const PROGRESS_THRESHOLD = 100_000;

export interface MeasureOptions {
  readonly feature: string;
  readonly samples: number;
  /** Session ids are `prefix + 1` ... `prefix + samples`. */
  readonly prefix: string;
  /** The rollout percentage the flag should give. */
  readonly percentage: number;
  /** The SDK's decision for one session. */
  readonly isEnabled: (sessionId: string) => boolean;
  readonly progress?: Progress;
}

/** What `ramp distribution` reports. Shares and the margin are fractions (0.105 = 10.5 %). */
export interface Distribution {
  readonly feature: string;
  readonly samples: number;
  readonly percentage: number;
  readonly enabled: number;
  readonly disabled: number;
  readonly enabledShare: number;
  readonly expectedShare: number;
  /** Half-width of the 99 % interval around the expected share. */
  readonly margin: number;
  readonly withinSamplingError: boolean;
}

/**
 * Evaluates `samples` session ids and compares the enabled share with the percentage, using
 * the binomial normal approximation for the 99 % interval.
 *
 * @example
 * measureDistribution({ feature: 'f', samples: 1000, prefix: 'session-', percentage: 10,
 *   isEnabled: (id) => evaluate({ key: 'f', enabled: true, percentage: 10 }, id).enabled });
 */
export function measureDistribution(options: MeasureOptions): Distribution {
  const { feature, samples, prefix, percentage, isEnabled } = options;
  const progress = options.progress ?? silentProgress;
  let enabled = 0;
  for (let i = 1; i <= samples; i++) {
    if (isEnabled(prefix + i)) enabled++;
    if (i % 16_384 === 0) progress.update(i);
  }
  progress.finish();
  const enabledShare = enabled / samples;
  const expectedShare = percentage / 100;
  const margin = samplingMargin(expectedShare, samples);
  return {
    feature,
    samples,
    percentage,
    enabled,
    disabled: samples - enabled,
    enabledShare,
    expectedShare,
    margin,
    // The epsilon absorbs float rounding when the share lands exactly on the interval's edge.
    withinSamplingError: Math.abs(enabledShare - expectedShare) <= margin + 1e-12,
  };
}

/** Half-width of the 99 % interval of a binomial share: z·√(p(1−p)/n). */
export function samplingMargin(expectedShare: number, samples: number): number {
  return Z_99 * Math.sqrt((expectedShare * (1 - expectedShare)) / samples);
}

/** The text report: Enabled, Disabled and Expected lines. */
export function formatDistribution(d: Distribution): string {
  // Enough decimals to show a count exactly when samples is a power of ten.
  const decimals = Math.min(6, Math.max(1, Math.ceil(Math.log10(d.samples)) - 2));
  const share = (count: number): string => formatPercent((count / d.samples) * 100, decimals);
  const margin = `${Number((d.margin * 100).toPrecision(2))}%`;
  const verdict = d.withinSamplingError ? 'within sampling error' : 'outside sampling error';
  return (
    `Enabled: ${d.enabled}/${d.samples} (${share(d.enabled)})\n` +
    `Disabled: ${d.disabled}/${d.samples} (${share(d.disabled)})\n` +
    `Expected: ${formatPercent(d.percentage)} ± ${margin} ` +
    `(99% interval for ${d.samples} samples) — ${verdict}\n`
  );
}

interface RawOptions {
  readonly feature: string;
  readonly samples: string;
  readonly percentage?: string;
  readonly prefix: string;
  readonly json?: boolean;
}

/** How sessions are decided: the configured flag, or the flag at a given percentage. */
interface Decider {
  readonly percentage: number;
  readonly isEnabled: (sessionId: string) => boolean;
  readonly note?: string;
}

function deciderFor(
  context: CommandContext,
  feature: string,
  percentage: number | undefined,
): Decider {
  const definition = findFlagDefinition(context, feature);
  if (percentage !== undefined) {
    // The flag's group is kept so the ids hash as they would in production.
    const flag: FlagConfig = {
      key: feature,
      enabled: true,
      percentage,
      bucketBy: definition?.bucketBy,
    };
    return { percentage, isEnabled: (id) => evaluate(flag, id).enabled };
  }
  const flags = loadFeatureFlags(context);
  if (flags.evaluate(feature).reason === Reason.NOT_FOUND) {
    throw new Error(
      `no flag "${feature}" in the env vars or the flags file; pass --percentage to try one`,
    );
  }
  const requires = definition?.requires ?? [];
  const decider: Decider = {
    percentage: flags.getRolloutPercentage(feature),
    isEnabled: (id) => flags.evaluate(feature, id).enabled,
  };
  if (requires.length === 0) return decider;
  const note = `Note: ${feature} requires ${requires.join(', ')}; the expected share ignores that.\n`;
  return { ...decider, note };
}

function run(context: CommandContext, raw: RawOptions): void {
  const feature = parseFlagKey(raw.feature);
  const samples = parseSamples(raw.samples);
  const override = raw.percentage === undefined ? undefined : parsePercentageOption(raw.percentage);
  const decider = deciderFor(context, feature, override);
  const { io } = context;
  const progress =
    io.isTTY && samples >= PROGRESS_THRESHOLD
      ? createProgressBar({ stream: io.stderr, total: samples, now: context.now })
      : silentProgress;
  const result = measureDistribution({
    feature,
    samples,
    prefix: raw.prefix,
    progress,
    ...decider,
  });
  if (raw.json === true) {
    writeJson(io.stdout, result);
    return;
  }
  io.stdout.write(formatDistribution(result) + (decider.note ?? ''));
}

const examples = [
  'ramp distribution --feature memory_system --samples 100000',
  'ramp distribution --feature memory_system --samples 1000 --percentage 12.5 --json',
];

/** `ramp distribution`: how a flag splits many session ids. */
export function registerDistribution(program: Command, context: CommandContext): Command {
  const command = program
    .command('distribution')
    .description(
      'Evaluate session ids <prefix>1..<prefix>N and check the enabled share against the rollout percentage',
    )
    .requiredOption('--feature <key>', 'flag key')
    .requiredOption('--samples <n>', 'how many session ids to evaluate (1 to 100000000)')
    .option(
      '--percentage <p>',
      'evaluate the flag at this percentage (0-100, two decimals) instead of its configuration',
    )
    .option('--prefix <text>', 'session id prefix', 'session-')
    .option('--json', 'print the result as JSON (shares and margin as fractions)')
    .action((raw: RawOptions) => run(context, raw));
  return addExamples(command, examples);
}

export const distributionCommand: CliCommand = { register: registerDistribution, examples };
