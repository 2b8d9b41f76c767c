import type { LocalFlag } from './config/local-flag.js';
import type { PositionCache } from './position-cache.js';

/**
 * The one record FeatureFlags keeps per flag, in one map under the flag's key. Thousands of
 * flags may be loaded, so it holds four references and nothing it can derive: the effective
 * basis points and prerequisites the hot path reads, the position cache once the flag has
 * been evaluated, and the flag's local configuration, an object that flags configured alike
 * share. Percentage, source, bucketBy and status come from `flagState()` when asked for.
 */
export class FlagRecord {
  positions: PositionCache | undefined = undefined;

  constructor(
    /** 0 whenever the flag is off for everyone (disabled, error, rollback, remote). */
    readonly basisPoints: number,
    /** The effective prerequisites; the shared empty list when there are none. */
    readonly requires: readonly string[],
    readonly local: LocalFlag,
  ) {}
}
