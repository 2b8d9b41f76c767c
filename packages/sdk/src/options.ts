import type { FlagDefinition } from './config/definition.js';
import type { Logger } from './logger.js';
import type { BackoffOptions } from './remote/backoff.js';
import type { Scheduler } from './remote/scheduler.js';

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
  /**
   * Flags declared in code, with the same fields as the flags file. They win over the file.
   * Read once, by the constructor, and not kept: `reload()` re-reads their env vars, not this
   * object.
   */
  readonly flags?: Readonly<Record<string, FlagDefinition>>;
  /** List flags set only through `<KEY>_ENABLED` / `<KEY>_ROLLOUT_PERCENTAGE` env vars (default true). */
  readonly discoverEnv?: boolean;
  /** Receives warnings (bad values, rollbacks); defaults to the console. */
  readonly logger?: Logger;
  /** The clock, in milliseconds since the epoch; defaults to `Date.now`. */
  readonly now?: () => number;
  /** Sessions remembered per flag (or bucketBy group) for repeated decisions (default 4096). */
  readonly cacheSize?: number;
  /**
   * The control plane's base URL; defaults to RAMP_URL. With it the SDK follows the server's
   * configuration over SSE, and local values (env, file, `flags`) can only restrict it.
   *
   * @example
   * const flags = new FeatureFlags({ url: 'https://ramp.internal' }); // token from RAMP_SDK_TOKEN
   * await flags.ready(); // optional: evaluation works at once, on cached or local values
   */
  readonly url?: string;
  /**
   * The SDK token (scope `sdk`) sent as `Authorization: Bearer`; defaults to RAMP_SDK_TOKEN.
   * Required with a `url`.
   *
   * @example
   * new FeatureFlags({ url: 'https://ramp.internal', token: 'ramp_sdk_...' });
   */
  readonly token?: string;
  /**
   * Where the last configuration received is saved (atomically), and read at start so that
   * the app starts with it when the server is unreachable; defaults to RAMP_CACHE_FILE. Relative
   * paths are resolved against `cwd`. Without it, nothing is saved.
   *
   * @example
   * new FeatureFlags({ url, token, cacheFile: '/var/cache/my-app/ramp-flags.json' });
   */
  readonly cacheFile?: string;
  /**
   * While the stream is down, the snapshot is fetched this often (default 30 000 ms).
   *
   * @example
   * new FeatureFlags({ url, token, pollIntervalMs: 10_000 });
   */
  readonly pollIntervalMs?: number;
  /**
   * A stream that delivers no byte (not even a `: ping`, sent about every 15 s) for this long
   * is taken as hung and reopened (default 37 500 ms, 2.5 heartbeats). Also bounds each request.
   *
   * @example
   * new FeatureFlags({ url, token, heartbeatTimeoutMs: 60_000 });
   */
  readonly heartbeatTimeoutMs?: number;
  /**
   * `ready()` resolves at the latest after this long (default 5000 ms), with whatever
   * configuration is served by then.
   *
   * @example
   * const flags = new FeatureFlags({ url, token, readyTimeoutMs: 2000 });
   * const { source } = await flags.ready(); // 'remote', 'cache' or 'local'
   */
  readonly readyTimeoutMs?: number;
  /**
   * Stream reconnection: exponential backoff with full jitter from `baseDelayMs` (default
   * 500) up to `maxDelayMs` (default 30 000).
   *
   * @example
   * new FeatureFlags({ url, token, reconnect: { baseDelayMs: 1000, maxDelayMs: 60_000 } });
   */
  readonly reconnect?: BackoffOptions;
  /**
   * The fetch used to reach the control plane; defaults to `globalThis.fetch`.
   *
   * @example
   * new FeatureFlags({ url, token, fetch: (input, init) => fetch(input, { ...init, dispatcher }) });
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Timers of the remote mode (backoff, polling, heartbeat, ready timeout); defaults to the
   * global `setTimeout`/`clearTimeout`. For tests.
   *
   * @example
   * new FeatureFlags({ url, token, scheduler: fakeScheduler });
   */
  readonly scheduler?: Scheduler;
  /**
   * Remote mode: metrics and exposures are sent this often (default 10 000 ms), and sooner
   * when 5,000 items are waiting. Also on `flush()` and `close()`.
   *
   * @example
   * new FeatureFlags({ url, token, metricsFlushMs: 5_000 });
   */
  readonly metricsFlushMs?: number;
  /**
   * Remote mode: the most metric items held before sending (default 10 000); beyond it new
   * items are dropped and counted, and the count is reported with the next batch.
   *
   * @example
   * new FeatureFlags({ url, token, metricsBufferSize: 50_000 });
   */
  readonly metricsBufferSize?: number;
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
  validateRemoteOptions(o, fail);
}

function validateRemoteOptions(
  o: Record<string, unknown>,
  fail: (name: string, expected: string) => never,
): void {
  for (const name of ['url', 'token', 'cacheFile'] as const) {
    if (o[name] !== undefined && (typeof o[name] !== 'string' || o[name].trim() === '')) {
      fail(name, name === 'url' ? 'an http(s) URL' : 'a non-empty string');
    }
  }
  const wholeMs = (value: unknown, min: number): boolean =>
    typeof value === 'number' && Number.isInteger(value) && value >= min;
  for (const name of ['pollIntervalMs', 'heartbeatTimeoutMs'] as const) {
    if (o[name] !== undefined && !wholeMs(o[name], 1))
      fail(name, 'a whole number of ms, at least 1');
  }
  if (o.readyTimeoutMs !== undefined && !wholeMs(o.readyTimeoutMs, 0)) {
    fail('readyTimeoutMs', 'a whole number of ms, at least 0');
  }
  if (o.reconnect !== undefined) {
    const r = o.reconnect as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) fail('reconnect', 'an object');
    for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
      if (r[name] !== undefined && !wholeMs(r[name], 1)) {
        fail(`reconnect.${name}`, 'a whole number of ms, at least 1');
      }
    }
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') fail('fetch', 'a fetch function');
  if (o.metricsFlushMs !== undefined && !wholeMs(o.metricsFlushMs, 1)) {
    fail('metricsFlushMs', 'a whole number of ms, at least 1');
  }
  const size = o.metricsBufferSize;
  if (size !== undefined && (!wholeMs(size, 1) || (size as number) > 1_000_000)) {
    fail('metricsBufferSize', 'a whole number from 1 to 1000000');
  }
  const scheduler = o.scheduler as Partial<Scheduler> | null | undefined;
  if (
    scheduler !== undefined &&
    (typeof scheduler?.setTimeout !== 'function' || typeof scheduler.clearTimeout !== 'function')
  ) {
    fail('scheduler', 'an object with setTimeout and clearTimeout');
  }
}
