import { bucketOf, hashValue, positionOf } from './bucket.js';
import { BASIS_POINTS, toBasisPoints } from './percentage.js';
import { normalizeSessionId } from './session.js';

/** Why a flag is on or off for a session. */
export const Reason = {
  /** The session's bucket is inside the rollout percentage. */
  ROLLOUT_IN: 'ROLLOUT_IN',
  /** The session's bucket is outside the rollout percentage. */
  ROLLOUT_OUT: 'ROLLOUT_OUT',
  /** The flag is on for everyone (100 %). */
  FULL_ROLLOUT: 'FULL_ROLLOUT',
  /** The flag is switched off. */
  DISABLED: 'DISABLED',
  /** A kill switch (RAMP_KILL_ALL or the control plane's kill-all) turned every flag off. */
  KILLED: 'KILLED',
  /** The flag was rolled back. */
  ROLLED_BACK: 'ROLLED_BACK',
  /** A flag this one requires is off for the session. */
  PREREQUISITE_OFF: 'PREREQUISITE_OFF',
  /** The flag's configuration is invalid, so it fails safe (off). */
  ERROR: 'ERROR',
  /** No flag has this key. */
  NOT_FOUND: 'NOT_FOUND',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** Where a flag's effective value came from. */
export type FlagSource = 'env' | 'file' | 'remote' | 'options' | 'none';

/** What the engine needs to know about a flag to decide it for a session. */
export interface FlagConfig {
  readonly key: string;
  readonly enabled: boolean;
  /** 0..100, at most two decimals. */
  readonly percentage: number;
  /** Flags sharing a group hash `group:sessionId`, so a smaller rollout nests in a larger one. */
  readonly bucketBy?: string | undefined;
  /** Keys of flags that must be on for the session for this one to be on. */
  readonly requires?: readonly string[] | undefined;
  readonly source?: FlagSource | undefined;
  readonly killed?: boolean | undefined;
  readonly rolledBack?: boolean | undefined;
  /** Set when the configuration is invalid; the flag is then off. */
  readonly error?: string | undefined;
}

/** The result of deciding one flag for one session. */
export interface Evaluation {
  readonly enabled: boolean;
  readonly reason: Reason;
  /** The session's bucket (0..99) for this flag, or null when the flag is unknown. */
  readonly bucket: number | null;
  /** The effective rollout percentage (0 when the flag is off). */
  readonly percentage: number;
  readonly source: FlagSource;
}

/** Finds another flag by key, for `requires`. */
export type FlagLookup = (key: string) => FlagConfig | undefined;

export interface EvaluateOptions {
  /** Resolves prerequisite flags named in `requires`; without it, prerequisites count as off. */
  readonly lookup?: FlagLookup | undefined;
}

/** Prerequisite chains longer than this are treated as a configuration error (a cycle). */
const MAX_PREREQUISITE_DEPTH = 16;

/**
 * Decides a flag for a session, with the reason, the bucket and the effective percentage.
 * Never throws. The server, the CLI and the dashboard call this same function.
 *
 * @example
 * evaluate({ key: 'memory_system', enabled: true, percentage: 10 }, 'session-1')
 * // { enabled: false, reason: 'ROLLOUT_OUT', bucket: 57, percentage: 10, source: 'options' }
 */
export function evaluate(
  flag: FlagConfig | undefined,
  sessionId: unknown,
  options: EvaluateOptions = {},
): Evaluation {
  return decide(flag, normalizeSessionId(sessionId), options.lookup, 0);
}

function decide(
  flag: FlagConfig | undefined,
  sessionId: string,
  lookup: FlagLookup | undefined,
  depth: number,
): Evaluation {
  if (flag === undefined) {
    return {
      enabled: false,
      reason: Reason.NOT_FOUND,
      bucket: null,
      percentage: 0,
      source: 'none',
    };
  }
  const hash = hashValue(flag.bucketBy ?? flag.key, sessionId);
  const source = flag.source ?? 'options';
  const off = (reason: Reason): Evaluation => ({
    enabled: false,
    reason,
    bucket: bucketOf(hash),
    percentage: 0,
    source,
  });
  if (flag.error !== undefined) return off(Reason.ERROR);
  if (flag.killed === true) return off(Reason.KILLED);
  if (flag.rolledBack === true) return off(Reason.ROLLED_BACK);
  if (!flag.enabled) return off(Reason.DISABLED);
  for (const key of flag.requires ?? []) {
    if (depth >= MAX_PREREQUISITE_DEPTH) return off(Reason.ERROR);
    const prerequisite = lookup?.(key);
    if (!decide(prerequisite, sessionId, lookup, depth + 1).enabled) {
      return off(Reason.PREREQUISITE_OFF);
    }
  }
  const basisPoints = toBasisPoints(flag.percentage);
  const inRollout = basisPoints >= BASIS_POINTS || positionOf(hash) < basisPoints;
  let reason: Reason = Reason.ROLLOUT_OUT;
  if (basisPoints >= BASIS_POINTS) reason = Reason.FULL_ROLLOUT;
  else if (inRollout) reason = Reason.ROLLOUT_IN;
  return {
    enabled: inRollout,
    reason,
    bucket: bucketOf(hash),
    percentage: flag.percentage,
    source,
  };
}
