import type { Flag, KillAllState } from '@ramp/api';
import {
  bucketOf,
  configFromWireFlag,
  evaluate,
  hashValue,
  isValidPercentage,
  normalizeSessionId,
  positionOf,
  toBasisPoints,
  type Evaluation,
  type FlagConfig,
} from '@ramp/sdk/engine';

/** Every step from a session id to a decision, as the SDK takes them. */
export interface Explanation {
  /** The id after normalisation (trimmed; blank becomes `default-session`). */
  readonly sessionId: string;
  /** The string hashed: `<flag key or bucketBy group>:<session id>`. */
  readonly hashInput: string;
  /** The first 32 bits of its SHA-256, as 8 hex digits and as a number. */
  readonly hashHex: string;
  readonly hash: number;
  /** hash % 100. */
  readonly bucket: number;
  /** The bucket and the next two digits (0..9,999), for percentages with decimals. */
  readonly position: number;
  /** The rollout percentage compared against, as basis points (percentage × 100). */
  readonly basisPoints: number;
  readonly evaluation: Evaluation;
}

/**
 * Explains one flag's decision for one session with the SDK's own engine, given the flags
 * (for `requires`) and the kill switch as the feed reports them. Never re-implements bucketing.
 *
 * @example
 * explainSession(flag, { flags, killAll }, 'user-42').evaluation.enabled
 */
export function explainSession(
  flag: Flag,
  context: { readonly flags: ReadonlyMap<string, Flag>; readonly killAll: KillAllState },
  rawSessionId: string,
): Explanation {
  const sessionId = normalizeSessionId(rawSessionId);
  const seed = flag.bucketBy ?? flag.key;
  const hash = hashValue(seed, sessionId);
  const killed = context.killAll.active;
  const lookup = (key: string) => {
    const other = context.flags.get(key);
    return other === undefined ? undefined : toFlagConfig(other, killed);
  };
  return {
    sessionId,
    hashInput: `${seed}:${sessionId}`,
    hashHex: hash.toString(16).padStart(8, '0'),
    hash,
    bucket: bucketOf(hash),
    position: positionOf(hash),
    basisPoints: isValidPercentage(flag.percentage) ? toBasisPoints(flag.percentage) : 0,
    evaluation: evaluate(toFlagConfig(flag, killed), sessionId, { lookup }),
  };
}

/** A flag as the engine sees it: the same mapping the server's `/api/v1/evaluate` uses. */
export function toFlagConfig(flag: Flag, killed: boolean): FlagConfig {
  return configFromWireFlag(flag, killed);
}
