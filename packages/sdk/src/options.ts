import type { FlagDefinition } from './config/definition.js';
import type { Logger } from './logger.js';

/** Options of `new FeatureFlags(options)`. Every one is optional. */
export interface FeatureFlagsOptions {
  /** Env vars to read; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A flags file (`.json`, `.yaml`), resolved against `cwd`. Defaults to RAMP_CONFIG, then
   * `ramp.flags.yaml|yml|json` in `cwd` when present. `false` reads no file.
   */
  readonly file?: string | false;
  /** Where relative paths and the default flags file are looked up; defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** Flags declared in code, with the same fields as the flags file. They win over the file. */
  readonly flags?: Readonly<Record<string, FlagDefinition>>;
  /** List flags set only through `<KEY>_ENABLED` / `<KEY>_ROLLOUT_PERCENTAGE` env vars (default true). */
  readonly discoverEnv?: boolean;
  /** Receives warnings (bad values, rollbacks); defaults to the console. */
  readonly logger?: Logger;
  /** The clock, in milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Sessions remembered per flag for repeated decisions (default 1024, at least 1). */
  readonly cacheSize?: number;
}

/** Throws at once, naming the option, when an option has the wrong type. */
export function validateOptions(options: unknown): asserts options is FeatureFlagsOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError('FeatureFlags: options must be an object');
  }
  const o = options as Record<string, unknown>;
  const fail = (name: string, expected: string): never => {
    throw new TypeError(`FeatureFlags: option "${name}" must be ${expected}`);
  };
  if (o.env !== undefined && (typeof o.env !== 'object' || o.env === null)) {
    fail('env', 'an object of env vars');
  }
  if (o.file !== undefined && o.file !== false && typeof o.file !== 'string') {
    fail('file', 'a path or false');
  }
  if (o.cwd !== undefined && typeof o.cwd !== 'string') fail('cwd', 'a path');
  if (o.flags !== undefined && (typeof o.flags !== 'object' || o.flags === null)) {
    fail('flags', 'an object of flag definitions');
  }
  if (o.discoverEnv !== undefined && typeof o.discoverEnv !== 'boolean') {
    fail('discoverEnv', 'a boolean');
  }
  if (o.logger !== undefined && typeof (o.logger as Logger | null)?.warn !== 'function') {
    fail('logger', 'an object with a warn(message) method');
  }
  if (o.now !== undefined && typeof o.now !== 'function') fail('now', 'a function returning ms');
  if (
    o.cacheSize !== undefined &&
    (typeof o.cacheSize !== 'number' || !Number.isInteger(o.cacheSize) || o.cacheSize < 1)
  ) {
    fail('cacheSize', 'a whole number of at least 1');
  }
}
