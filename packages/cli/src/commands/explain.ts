import { createHash } from 'node:crypto';
import {
  bucketOf,
  evaluate,
  hashValue,
  normalizeSessionId,
  positionOf,
  type Evaluation,
  type FlagConfig,
  type FlagSource,
  type Reason,
} from '@ramp/sdk';
import type { Command } from 'commander';
import { parseFlagKey, parsePercentageOption } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { findFlagDefinition, loadFeatureFlags } from '../local-flags.js';
import { formatPercent } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';

/** Every step from a session id to a decision, as `ramp explain` shows it. */
export interface Explanation {
  readonly feature: string;
  /** The session id after normalisation (trimmed; blank ids become `default-session`). */
  readonly sessionId: string;
  /** The flag's `bucketBy` group, which replaces the flag key in the hash input. */
  readonly group: string | null;
  readonly hashInput: string;
  readonly sha256: string;
  readonly first8: string;
  /** The first 8 hex digits as an integer (0 .. 2^32-1). */
  readonly hash: number;
  /** `hash % 100`. */
  readonly bucket: number;
  /** 0..9,999: the bucket, then the next two decimal digits; in the rollout below p × 100. */
  readonly position: number;
  /** The effective percentage (0 when the flag is off). */
  readonly percentage: number;
  readonly enabled: boolean;
  readonly reason: Reason;
  readonly source: FlagSource;
}

export interface ExplainInput {
  readonly feature: string;
  readonly sessionId: unknown;
  readonly group: string | undefined;
  /** The SDK's decision for this flag and session. */
  readonly evaluation: Evaluation;
}

/**
 * Recomputes the hash with node:crypto, independently of the SDK's own SHA-256, and shows it
 * beside the SDK's decision. Throws when the two disagree: that is a bug in the SDK.
 *
 * @example
 * const evaluation = evaluate({ key: 'f', enabled: true, percentage: 10 }, 's-1');
 * explainSession({ feature: 'f', sessionId: 's-1', group: undefined, evaluation }).bucket;
 */
export function explainSession(input: ExplainInput): Explanation {
  const { feature, group, evaluation } = input;
  const sessionId = normalizeSessionId(input.sessionId);
  const seed = group ?? feature;
  const hashInput = `${seed}:${sessionId}`;
  const sha256 = createHash('sha256').update(hashInput, 'utf8').digest('hex');
  const first8 = sha256.slice(0, 8);
  const hash = parseInt(first8, 16);
  const sdkHash = hashValue(seed, sessionId);
  if (sdkHash !== hash) {
    throw new Error(
      `bug: the SDK hashes "${hashInput}" to ${sdkHash} but SHA-256 gives ${hash}; please report it`,
    );
  }
  const bucket = bucketOf(hash);
  if (evaluation.bucket !== null && evaluation.bucket !== bucket) {
    throw new Error(
      `bug: the SDK put "${hashInput}" in bucket ${evaluation.bucket} but SHA-256 gives ${bucket}; please report it`,
    );
  }
  return {
    feature,
    sessionId,
    group: group ?? null,
    hashInput,
    sha256,
    first8,
    hash,
    bucket,
    position: positionOf(hash),
    percentage: evaluation.percentage,
    enabled: evaluation.enabled,
    reason: evaluation.reason,
    source: evaluation.source,
  };
}

/** The text report: one labelled line per step. */
export function formatExplanation(e: Explanation): string {
  const lines: [string, string][] = [
    ['Flag', e.feature],
    ...(e.group === null ? [] : [['Group', `${e.group} (bucketBy)`] as [string, string]]),
    ['Session', e.sessionId],
    ['Hash input', e.hashInput],
    ['SHA-256', e.sha256],
    ['First 8 hex', e.first8],
    ['As integer', String(e.hash)],
    ['Bucket', `${e.bucket} (integer % 100)`],
    ['Position', `${e.position} (bucket × 100 + next two digits; in when below percentage × 100)`],
    ['Percentage', formatPercent(e.percentage)],
    ['Decision', e.enabled ? 'on' : 'off'],
    ['Reason', e.reason],
    ['Source', e.source],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join('');
}

interface RawOptions {
  readonly percentage?: string;
  readonly json?: boolean;
}

function run(context: CommandContext, featureText: string, session: string, raw: RawOptions) {
  const feature = parseFlagKey(featureText, 'FEATURE');
  const percentage =
    raw.percentage === undefined ? undefined : parsePercentageOption(raw.percentage);
  const group = findFlagDefinition(context, feature)?.bucketBy;
  let evaluation: Evaluation;
  if (percentage === undefined) {
    evaluation = loadFeatureFlags(context).evaluate(feature, session);
  } else {
    const flag: FlagConfig = { key: feature, enabled: true, percentage, bucketBy: group };
    evaluation = evaluate(flag, session);
  }
  const explanation = explainSession({ feature, sessionId: session, group, evaluation });
  if (raw.json === true) writeJson(context.io.stdout, explanation);
  else context.io.stdout.write(formatExplanation(explanation));
}

const examples = [
  'ramp explain memory_system session-42',
  'ramp explain memory_system session-42 --percentage 25 --json',
];

/** `ramp explain`: why a session gets a flag or not. */
export function registerExplain(program: Command, context: CommandContext): Command {
  const command = program
    .command('explain')
    .description(
      'Show every step from a session id to the decision: hash, bucket, position, reason',
    )
    .argument('<feature>', 'flag key')
    .argument('<session>', 'session id (trimmed; blank means "default-session")')
    .option('--percentage <p>', 'decide as if the flag were on at this percentage (0-100)')
    .option('--json', 'print the explanation as JSON')
    .action((feature: string, session: string, raw: RawOptions) =>
      run(context, feature, session, raw),
    );
  return addExamples(command, examples);
}

export const explainCommand: CliCommand = { register: registerExplain, examples };
