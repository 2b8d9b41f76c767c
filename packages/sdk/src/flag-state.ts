import type { FlagConfig, FlagSource } from './engine/evaluate.js';
import { toBasisPoints } from './engine/percentage.js';
import type { LocalFlag } from './config/local-flag.js';
import type { PositionCache } from './position-cache.js';

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

const NO_PREREQUISITES: readonly string[] = Object.freeze([]);

/**
 * The effective state of one flag inside FeatureFlags: the hot path reads `basisPoints`
 * (0 whenever the flag is off for everyone) and the position cache; everything else is for
 * status and explanations. Kept small: thousands of flags may be loaded.
 */
export class FlagState implements FlagConfig {
  positions: PositionCache | undefined = undefined;

  constructor(
    readonly key: string,
    readonly enabled: boolean,
    readonly percentage: number,
    readonly basisPoints: number,
    readonly source: FlagSource,
    readonly bucketBy: string | undefined,
    readonly requires: readonly string[],
    readonly error: string | undefined,
    readonly rollbacks: readonly RollbackRecord[] | undefined,
  ) {}

  get rolledBack(): boolean {
    return this.rollbacks !== undefined;
  }

  get seed(): string {
    return this.bucketBy ?? this.key;
  }

  status(killed: boolean): FlagStatus {
    const on = this.enabled && !killed;
    const status = {
      enabled: on,
      rolloutPercentage: on ? this.percentage : 0,
      rollbackHistory: this.rollbacks ?? [],
      source: this.source,
    };
    return this.error === undefined ? status : { ...status, error: this.error };
  }
}

export interface StateInputs {
  readonly key: string;
  readonly local: LocalFlag | undefined;
  readonly remote: RemoteFlag | undefined;
  readonly rollbacks: readonly RollbackRecord[] | undefined;
}

/**
 * Combines local and remote configuration. Without a remote, local values are the
 * configuration. With one, local values can only restrict it (percentage = the lower,
 * enabled = both), so a stale deployment variable never undoes a central rollback. A rollback
 * wins over everything.
 */
export function buildFlagState({ key, local, remote, rollbacks }: StateInputs): FlagState {
  let enabled = local?.enabled ?? false;
  let percentage = local?.percentage ?? 0;
  let source: FlagSource = local?.source ?? 'none';
  let bucketBy = local?.bucketBy;
  let requires = local?.requires ?? NO_PREREQUISITES;
  const error = local?.error;
  if (remote !== undefined) {
    bucketBy = remote.bucketBy ?? bucketBy;
    requires = remote.requires ?? requires;
    if (local === undefined || !local.explicit) {
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
  if (error !== undefined || rollbacks !== undefined) {
    enabled = false;
    percentage = 0;
  }
  const basisPoints = enabled ? toBasisPoints(percentage) : 0;
  return new FlagState(
    key,
    enabled,
    percentage,
    basisPoints,
    source,
    bucketBy,
    requires.length === 0 ? NO_PREREQUISITES : requires,
    error,
    rollbacks,
  );
}
