import type { FlagConfig } from './evaluate.js';

/** The fields of a control-plane flag (the API's `Flag`) that decide it. */
export interface WireFlag {
  readonly key: string;
  readonly enabled: boolean;
  readonly percentage: number;
  readonly bucketBy: string | null;
  readonly requires: readonly string[];
  readonly updatedAt: string;
  readonly rollbackHistory: readonly { readonly to: number; readonly timestamp: string }[];
}

/**
 * A control-plane flag as the engine sees it: the one mapping the server's evaluate API,
 * OFREP and the dashboard's explain share, so they give the same reason for the same flag.
 * A flag is reported as rolled back while it is off because of a full rollback that nothing
 * has changed since.
 *
 * @example
 * evaluate(configFromWireFlag(flag, snapshot.killAll.active), sessionId)
 */
export function configFromWireFlag(flag: WireFlag, killed: boolean): FlagConfig {
  const last = flag.rollbackHistory.at(-1);
  const rolledBack =
    !flag.enabled && last !== undefined && last.to === 0 && last.timestamp === flag.updatedAt;
  return {
    key: flag.key,
    enabled: flag.enabled,
    percentage: flag.percentage,
    bucketBy: flag.bucketBy ?? undefined,
    requires: flag.requires,
    source: 'remote',
    killed,
    rolledBack,
  };
}
