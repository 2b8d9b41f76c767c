import type { FlagSource } from './engine/evaluate.js';
import { toBasisPoints } from './engine/percentage.js';
import { NO_PREREQUISITES, type LocalFlag } from './config/local-flag.js';

/** One entry of a flag's rollback history. */
export interface RollbackRecord {
  /** ISO-8601 time of the rollback. */
  readonly timestamp: string;
  readonly reason: string;
}

/** A flag's status as `getStatus` reports it. */
export interface FlagStatus {
  readonly enabled: boolean;
  readonly rolloutPercentage: number;
  readonly rollbackHistory: readonly RollbackRecord[];
  readonly source: FlagSource;
  readonly error?: string;
}

/** A flag's configuration as the control plane sends it. */
export interface RemoteFlag {
  readonly key: string;
  readonly enabled: boolean;
  readonly percentage: number;
  readonly bucketBy?: string | null | undefined;
  readonly requires?: readonly string[] | undefined;
}

/**
 * The effective state of one flag: what its local configuration, the control plane and this
 * process's rollbacks add up to. Derived when needed (status, explanations, a rebuild) and
 * not kept: FeatureFlags keeps one FlagRecord per flag, with what the hot path reads and the
 * flag's local configuration.
 */
export interface FlagState {
  readonly enabled: boolean;
  readonly percentage: number;
  /** The percentage in basis points, 0 whenever the flag is off for everyone. */
  readonly basisPoints: number;
  readonly source: FlagSource;
  readonly bucketBy: string | undefined;
  readonly requires: readonly string[];
  readonly error: string | undefined;
  readonly rolledBack: boolean;
}

export interface StateInputs {
  /** What env vars, the flags file and the code say (`NO_LOCAL` when nothing does). */
  readonly local: LocalFlag;
  /** The control plane's flag, when there is a remote configuration. */
  readonly remote: RemoteFlag | undefined;
  readonly rolledBack: boolean;
}

/**
 * Combines local and remote configuration. Without a remote, local values are the
 * configuration. With one, local values can only restrict it (percentage = the lower,
 * enabled = both), so a stale deployment variable never undoes a central rollback. A rollback
 * wins over everything.
 */
export function flagState({ local, remote, rolledBack }: StateInputs): FlagState {
  let enabled = local.enabled;
  let percentage = local.percentage;
  let source: FlagSource = local.source;
  let bucketBy = local.bucketBy;
  let requires = local.requires;
  const error = local.error;
  if (remote !== undefined) {
    bucketBy = remote.bucketBy ?? bucketBy;
    requires = remote.requires ?? requires;
    if (!local.explicit) {
      enabled = remote.enabled;
      percentage = remote.enabled ? remote.percentage : 0;
      source = 'remote';
    } else {
      const restricted = local.percentage < remote.percentage || (!local.enabled && remote.enabled);
      enabled = enabled && remote.enabled;
      percentage = enabled ? Math.min(local.percentage, remote.percentage) : 0;
      source = restricted ? local.source : 'remote';
    }
  }
  if (error !== undefined || rolledBack) {
    enabled = false;
    percentage = 0;
  }
  return {
    enabled,
    percentage,
    basisPoints: enabled ? toBasisPoints(percentage) : 0,
    source,
    bucketBy,
    requires: requires.length === 0 ? NO_PREREQUISITES : requires,
    error,
    rolledBack,
  };
}

/** The flag's status as `getStatus` reports it. */
export function statusOf(
  state: FlagState,
  rollbacks: readonly RollbackRecord[] | undefined,
  killed: boolean,
): FlagStatus {
  const on = state.enabled && !killed;
  const status = {
    enabled: on,
    rolloutPercentage: on ? state.percentage : 0,
    rollbackHistory: rollbacks ?? [],
    source: state.source,
  };
  return state.error === undefined ? status : { ...status, error: state.error };
}
