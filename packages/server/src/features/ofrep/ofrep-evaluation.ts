import type { FlagEvaluation } from '@ramp/api';
import { Reason } from '@ramp/sdk/engine';
import type {
  OfrepEvaluationFailure,
  OfrepEvaluationSuccess,
  OfrepFlagNotFound,
} from './ofrep-schemas.js';

/** One flag's OFREP answer, with the HTTP status a single evaluation replies with. */
export type OfrepEntry =
  | { readonly status: 200; readonly body: OfrepEvaluationSuccess }
  | { readonly status: 400; readonly body: OfrepEvaluationFailure }
  | { readonly status: 404; readonly body: OfrepFlagNotFound };

type OfrepReason = OfrepEvaluationSuccess['reason'];

/**
 * Ramp's reason in OpenFeature's words, as @ramp/sdk/openfeature maps it (the OFREP e2e test
 * checks that both answer the same): same for everyone -> STATIC, by bucket -> SPLIT, switched
 * off / killed / rolled back -> DISABLED, off through a prerequisite -> TARGETING_MATCH.
 */
export function ofrepReason(decision: FlagEvaluation): OfrepReason | 'ERROR' {
  switch (decision.reason as Reason) {
    case Reason.ROLLOUT_IN:
      return 'SPLIT';
    case Reason.ROLLOUT_OUT:
      return decision.percentage === 0 ? 'STATIC' : 'SPLIT';
    case Reason.FULL_ROLLOUT:
      return 'STATIC';
    case Reason.DISABLED:
    case Reason.KILLED:
    case Reason.ROLLED_BACK:
      return 'DISABLED';
    case Reason.PREREQUISITE_OFF:
      return 'TARGETING_MATCH';
    case Reason.ERROR:
    case Reason.NOT_FOUND:
      return 'ERROR';
  }
}

/**
 * A decision of the engine as an OFREP entry: a boolean value with variant on/off and Ramp's
 * details as metadata; FLAG_NOT_FOUND for unknown keys; TARGETING_KEY_MISSING when the answer
 * depends on the session and the context named none; PARSE_ERROR for an invalid flag.
 *
 * @example
 * toOfrepEntry('checkout', { enabled: true, reason: 'ROLLOUT_IN', bucket: 3, percentage: 10 }, true)
 * // { status: 200, body: { key: 'checkout', value: true, reason: 'SPLIT', variant: 'on', metadata: {...} } }
 */
export function toOfrepEntry(
  key: string,
  decision: FlagEvaluation | undefined,
  hasTargetingKey: boolean,
): OfrepEntry {
  if (decision === undefined || decision.reason === Reason.NOT_FOUND) {
    return {
      status: 404,
      body: { key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `flag ${key} not found` },
    };
  }
  const metadata = rampMetadata(decision);
  const reason = ofrepReason(decision);
  if (reason === 'ERROR') {
    const errorDetails = `flag ${key}: its configuration is invalid`;
    return { status: 400, body: { key, errorCode: 'PARSE_ERROR', errorDetails, metadata } };
  }
  if (!hasTargetingKey && (reason === 'SPLIT' || reason === 'TARGETING_MATCH')) {
    const errorDetails =
      `flag ${key} is decided per session (${decision.reason}): ` +
      'pass the session id as context.targetingKey';
    // No metadata: the bucket would be the one of "default-session", which nobody asked for.
    return { status: 400, body: { key, errorCode: 'TARGETING_KEY_MISSING', errorDetails } };
  }
  const variant = decision.enabled ? 'on' : 'off';
  return { status: 200, body: { key, value: decision.enabled, reason, variant, metadata } };
}

/** The same metadata as @ramp/sdk/openfeature's flagMetadata. Server flags are all `remote`. */
function rampMetadata(decision: FlagEvaluation): Record<string, number | string> {
  const metadata: Record<string, number | string> = {
    percentage: decision.percentage,
    source: 'remote',
    rampReason: decision.reason,
  };
  if (decision.bucket !== null) metadata.bucket = decision.bucket;
  return metadata;
}
