import {
  ErrorCode,
  StandardResolutionReasons,
  type FlagMetadata,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { Reason, type Evaluation } from '../engine/evaluate.js';

/**
 * The variants of every Ramp flag: the session gets the feature (`on`) or not (`off`).
 *
 * @example
 * const details = await client.getBooleanDetails('checkout', false, { targetingKey: sessionId });
 * if (details.variant === Variant.ON) useNewCheckout();
 */
export const Variant = { ON: 'on', OFF: 'off' } as const;
export type Variant = (typeof Variant)[keyof typeof Variant];

/**
 * The OpenFeature reasons a Ramp decision can have.
 *
 * @example
 * const reason: OpenFeatureReason = openFeatureReason(flags.evaluate('checkout', sessionId));
 */
export type OpenFeatureReason =
  | typeof StandardResolutionReasons.STATIC
  | typeof StandardResolutionReasons.SPLIT
  | typeof StandardResolutionReasons.DISABLED
  | typeof StandardResolutionReasons.TARGETING_MATCH
  | typeof StandardResolutionReasons.ERROR;

/**
 * Ramp's reason in OpenFeature's words. A decision that is the same for every session is
 * STATIC (a full rollout, or a rollout at 0 %); one that depends on the session's bucket is
 * SPLIT; a flag switched off, killed or rolled back is DISABLED; a flag that is off because a
 * flag it requires is off for this session is TARGETING_MATCH (a rule decided, not the flag's
 * own switch); an invalid configuration and an unknown flag are ERROR.
 *
 * @example
 * openFeatureReason({ enabled: true, reason: 'ROLLOUT_IN', bucket: 3, percentage: 10, source: 'remote' })
 * // 'SPLIT'
 */
export function openFeatureReason(evaluation: Evaluation): OpenFeatureReason {
  switch (evaluation.reason) {
    case Reason.ROLLOUT_IN:
      return StandardResolutionReasons.SPLIT;
    case Reason.ROLLOUT_OUT:
      return evaluation.percentage === 0
        ? StandardResolutionReasons.STATIC
        : StandardResolutionReasons.SPLIT;
    case Reason.FULL_ROLLOUT:
      return StandardResolutionReasons.STATIC;
    case Reason.DISABLED:
    case Reason.KILLED:
    case Reason.ROLLED_BACK:
      return StandardResolutionReasons.DISABLED;
    case Reason.PREREQUISITE_OFF:
      return StandardResolutionReasons.TARGETING_MATCH;
    case Reason.ERROR:
    case Reason.NOT_FOUND:
      return StandardResolutionReasons.ERROR;
  }
}

/**
 * What Ramp knows about a decision, as OpenFeature flag metadata: the session's `bucket`
 * (0..99, absent for unknown flags), the effective `percentage`, the configuration's
 * `source` and Ramp's own `rampReason` (finer than OpenFeature's).
 *
 * @example
 * rampMetadata(flags.evaluate('checkout', 'session-1'))
 * // { bucket: 57, percentage: 10, source: 'remote', rampReason: 'ROLLOUT_OUT' }
 */
export function rampMetadata(evaluation: Evaluation): FlagMetadata {
  const metadata: FlagMetadata = {
    percentage: evaluation.percentage,
    source: evaluation.source,
    rampReason: evaluation.reason,
  };
  if (evaluation.bucket !== null) metadata.bucket = evaluation.bucket;
  return metadata;
}

/** Whether the decision depends on who asks, so that it needs a targeting key. */
function dependsOnSession(reason: OpenFeatureReason): boolean {
  return (
    reason === StandardResolutionReasons.SPLIT ||
    reason === StandardResolutionReasons.TARGETING_MATCH
  );
}

/**
 * What `toBooleanResolution` turns into an OpenFeature resolution.
 *
 * @example
 * const input: ResolveInput = { key, evaluation: flags.evaluate(key, id), defaultValue: false, hasTargetingKey: true };
 */
export interface ResolveInput {
  readonly key: string;
  readonly evaluation: Evaluation;
  readonly defaultValue: boolean;
  /** Whether the context carried a (non-blank) targeting key. */
  readonly hasTargetingKey: boolean;
  /** Why the flag's configuration is invalid, when it is. */
  readonly configError?: string | undefined;
}

/**
 * A Ramp decision as an OpenFeature resolution. Errors carry the caller's default (the SDK
 * returns it): an unknown flag is FLAG_NOT_FOUND; an invalid configuration is PARSE_ERROR; a
 * decision that depends on the session (SPLIT, TARGETING_MATCH) asked without a targeting key
 * is TARGETING_KEY_MISSING rather than a silent bucket for "default-session".
 *
 * @example
 * toBooleanResolution({ key: 'checkout', evaluation, defaultValue: false, hasTargetingKey: true })
 * // { value: true, variant: 'on', reason: 'SPLIT', flagMetadata: { bucket: 3, ... } }
 */
export function toBooleanResolution(input: ResolveInput): ResolutionDetails<boolean> {
  const { key, evaluation, defaultValue } = input;
  if (evaluation.reason === Reason.NOT_FOUND) return flagNotFound(key, defaultValue);
  const flagMetadata = rampMetadata(evaluation);
  const reason = openFeatureReason(evaluation);
  if (evaluation.reason === Reason.ERROR) {
    const problem = input.configError ?? 'its configuration is invalid';
    return failure(defaultValue, ErrorCode.PARSE_ERROR, `flag ${key}: ${problem}`, flagMetadata);
  }
  if (!input.hasTargetingKey && dependsOnSession(reason)) {
    const message =
      `flag ${key} is decided per session (${evaluation.reason}): ` +
      'pass the session id as the targetingKey';
    // No metadata: the bucket would be the one of "default-session", which nobody asked for.
    return failure(defaultValue, ErrorCode.TARGETING_KEY_MISSING, message);
  }
  const variant = evaluation.enabled ? Variant.ON : Variant.OFF;
  return { value: evaluation.enabled, variant, reason, flagMetadata };
}

/** The default value with FLAG_NOT_FOUND. */
export function flagNotFound<T>(key: string, defaultValue: T): ResolutionDetails<T> {
  return failure(defaultValue, ErrorCode.FLAG_NOT_FOUND, `flag ${key} not found`);
}

/** The default value with an error code and message. */
export function failure<T>(
  defaultValue: T,
  errorCode: ErrorCode,
  errorMessage: string,
  flagMetadata?: FlagMetadata,
): ResolutionDetails<T> {
  const details: ResolutionDetails<T> = {
    value: defaultValue,
    reason: StandardResolutionReasons.ERROR,
    errorCode,
    errorMessage,
  };
  if (flagMetadata !== undefined) details.flagMetadata = flagMetadata;
  return details;
}
