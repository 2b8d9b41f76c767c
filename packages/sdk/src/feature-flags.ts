import { evaluate, type Evaluation, type FlagConfig } from './engine/evaluate.js';
import { BASIS_POINTS } from './engine/percentage.js';
import { normalizeSessionId } from './engine/session.js';
import type { FlagDefinition } from './config/definition.js';
import { LocalConfig } from './config/local-config.js';
import { NO_LOCAL, type LocalFlag } from './config/local-flag.js';
import { FlagRecord } from './flag-record.js';
import {
  flagState,
  statusOf,
  type FlagState,
  type FlagStatus,
  type RollbackRecord,
  type StateInputs,
} from './flag-state.js';
import { consoleLogger, type Logger } from './logger.js';
import type { Cohort, Cohorts } from './metrics/batch.js';
import {
  metricsSettings,
  MetricsReporter,
  type EventOptions,
  type IncrementOptions,
  type TrackOptions,
} from './metrics/metrics-reporter.js';
import { PositionCache } from './position-cache.js';
import { validateOptions, type FeatureFlagsOptions } from './options.js';
import { FlagsEvents, type FlagsListener, type ReadyResult } from './remote/events.js';
import { absentRemoteFlag, type ConfigDiff } from './remote/remote-config.js';
import { RemoteSource } from './remote/remote-source.js';
import { resolveRemoteSettings } from './remote/settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Feature flags for one process: on/off, stable percentage rollouts, kill switch and rollback.
 * Evaluation is synchronous, never throws and never touches the network. With a control plane
 * (`url` and `token`, or RAMP_URL and RAMP_SDK_TOKEN) the configuration follows the server
 * over SSE, and local values can only restrict it.
 *
 * @example
 * const flags = new FeatureFlags(); // MEMORY_SYSTEM_ENABLED=true MEMORY_SYSTEM_ROLLOUT_PERCENTAGE=10
 * if (flags.shouldUse('memory_system', sessionId)) useNewMemory();
 * else useLegacyMemory();
 *
 * @example
 * const flags = new FeatureFlags({ url: 'https://ramp.internal', token, cacheFile: '.ramp-cache.json' });
 * await flags.ready(); // optional
 * process.on('SIGTERM', () => flags.close());
 */
export class FeatureFlags {
  readonly #env: Env;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #cacheSize: number;
  readonly #localConfig: LocalConfig;
  /** One record per known flag; the raw definitions are not kept once resolved. */
  #flags = new Map<string, FlagRecord>();
  /** The last flag looked up, so a run of calls for one flag skips the map. */
  #memoKey: string | undefined = undefined;
  #memoFlag: FlagRecord | undefined = undefined;
  readonly #caches = new Map<string, PositionCache>();
  readonly #rollbacks = new Map<string, RollbackRecord[]>();
  readonly #warned = new Set<string>();
  readonly #events: FlagsEvents;
  readonly #remote: RemoteSource | undefined;
  readonly #metrics: MetricsReporter | undefined;
  /** Flags in a partial rollout (0 < percentage < 100), which tag metrics; rebuilt lazily. */
  #active: (readonly [string, FlagRecord])[] | undefined;
  #envKilled = false;
  #killed = false;

  constructor(options: FeatureFlagsOptions = {}) {
    validateOptions(options);
    this.#env = options.env ?? process.env;
    this.#logger = options.logger ?? consoleLogger;
    this.#now = options.now ?? Date.now;
    this.#cacheSize = options.cacheSize ?? 4096;
    const cwd = options.cwd ?? process.cwd();
    this.#localConfig = new LocalConfig({
      env: this.#env,
      cwd,
      file: options.file,
      discoverEnv: options.discoverEnv ?? true,
      logger: this.#logger,
    });
    this.#events = new FlagsEvents(this.#logger);
    const remote = resolveRemoteSettings(options, this.#env, cwd);
    this.#load(options.flags, true);
    if (remote !== undefined) {
      this.#remote = new RemoteSource(
        remote,
        {
          onConfig: (diff, origin) => this.#applyRemote(diff, origin),
          onConnection: (event) => this.#events.emit(event),
        },
        { logger: this.#logger, now: this.#now },
      );
      this.#remote.start();
      this.#metrics = new MetricsReporter({
        ...metricsSettings(remote, options),
        logger: this.#logger,
        now: this.#now,
        cohortsOf: (sessionId) => this.#cohorts(sessionId),
      });
      this.#metrics.start();
    }
  }

  /**
   * Resolves when the start-up configuration is settled, never rejects: at once in local
   * mode; in remote mode with the first snapshot from the control plane, or with the cache
   * file as soon as the server proves unreachable, or after `readyTimeoutMs` (default 5 s)
   * with local values. Evaluating before it resolves is fine: it serves the cache file's
   * config, else local values, else off.
   *
   * @example
   * const { source, error } = await flags.ready();
   * if (source !== 'remote') logger.warn(`flags from ${source}: ${error}`);
   */
  ready(): Promise<ReadyResult> {
    return this.#remote?.ready() ?? Promise.resolve({ source: 'local', revision: null });
  }

  /**
   * Calls `listener` on every applied configuration change (with the keys that changed) and
   * on every change of the connection to the control plane (`connected`, `stale`, `error`).
   * Listeners run synchronously, right after the change is applied; one that throws is logged.
   * Returns the function that unsubscribes.
   *
   * @example
   * const unsubscribe = flags.subscribe((event) => {
   *   if (event.type === 'change') console.log('changed:', event.keys.join(', '));
   *   else console.log('control plane:', event.state, event.error ?? '');
   * });
   */
  subscribe(listener: FlagsListener): () => void {
    if (typeof listener !== 'function') {
      throw new TypeError('subscribe: listener must be a function');
    }
    return this.#events.subscribe(listener);
  }

  /**
   * Re-reads env vars and the flags file; flags passed in code (`flags`, read once by the
   * constructor) re-read their env vars. Rollbacks made in this process stay.
   */
  reload(): void {
    this.#load(this.#definitionsInCode(), false);
    const keys = [...this.#flags.keys()].sort();
    this.#events.emit({ type: 'change', keys, origin: 'reload', revision: null });
  }

  /** Whether the flag is on at all (for any session). Unknown flags are off. */
  isEnabled(feature: string): boolean {
    const flag = this.#get(feature);
    return flag !== undefined && !this.#killed && flag.basisPoints > 0;
  }

  /** The flag's effective rollout percentage (0 when it is off). */
  getRolloutPercentage(feature: string): number {
    const flag = this.#get(feature);
    if (flag === undefined || this.#killed || flag.basisPoints === 0) return 0;
    return this.#state(feature, flag).percentage;
  }

  /**
   * Whether this session gets the feature: the same session always gets the same answer for
   * the same percentage, and raising the percentage only adds sessions.
   */
  shouldUse(feature: string, sessionId?: unknown): boolean {
    const flag = this.#get(feature);
    if (flag === undefined || this.#killed) return false;
    const on = this.#decide(feature, flag, sessionId, 0);
    // Exposures, in remote mode, of flags in a partial rollout: counted per minute in memory.
    if (this.#metrics !== undefined && flag.basisPoints > 0 && flag.basisPoints < BASIS_POINTS) {
      this.#metrics.expose(feature, on);
    }
    return on;
  }

  /**
   * Records a value (a latency, a size) of `metric`, tagged with the session's cohort (on/off)
   * for every active flag — a flag with an effective percentage strictly between 0 and 100 —
   * exactly as `shouldUse` decides it. Without a `sessionId` the value goes to the global
   * series only. Remote mode only (a no-op in local mode); never throws: a bad name or value
   * is ignored with one warning.
   *
   * @example
   * const started = performance.now();
   * const answer = flags.shouldUse('memory_system', sessionId) ? newMemory() : legacyMemory();
   * flags.track('latency_ms', performance.now() - started, { sessionId });
   */
  track(metric: string, value: number, options?: TrackOptions): void {
    this.#metrics?.track(metric, value, options);
  }

  /**
   * Counts `by` (default 1) events of a counter (errors, requests), tagged like `track`.
   * Counters are summed per minute in memory, so calling it on every request is cheap.
   *
   * @example
   * flags.increment('requests', { sessionId });
   * if (failed) flags.increment('errors', { sessionId });
   */
  increment(metric: string, options?: IncrementOptions): void {
    this.#metrics?.increment(metric, options);
  }

  /**
   * Records one event (a critical alert) with optional attributes, counted per minute under
   * its name; tagged with the session's cohorts when a `sessionId` is given.
   *
   * @example
   * flags.event('critical_alert', { attributes: { source: 'pager', service: 'memory' } });
   */
  event(name: string, options?: EventOptions): void {
    this.#metrics?.event(name, options);
  }

  /**
   * Sends the metrics and exposures recorded so far; resolves when they are delivered or
   * given up on (a failed batch is kept for one retry), never rejects. Resolves at once in
   * local mode.
   *
   * @example
   * process.on('SIGTERM', async () => {
   *   await flags.flush();
   *   flags.close();
   *   process.exit(0);
   * });
   */
  flush(): Promise<void> {
    return this.#metrics?.flush() ?? Promise.resolve();
  }

  /** The decision for a session with its reason and bucket, as `ramp explain` shows it. */
  evaluate(feature: string, sessionId?: unknown): Evaluation {
    return evaluate(this.#config(feature), sessionId, { lookup: (key) => this.#config(key) });
  }

  /**
   * Turns the flag off (0 %) in this process, records why in its history and logs it.
   * Stays rolled back until the process restarts.
   */
  rollback(feature: string, reason: string): void {
    if (typeof feature !== 'string' || feature.trim() === '') {
      throw new TypeError('rollback: feature must be a flag key');
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new TypeError(`rollback("${feature}"): a reason is required`);
    }
    const history = this.#rollbacks.get(feature) ?? [];
    history.push({ timestamp: new Date(this.#now()).toISOString(), reason: reason.trim() });
    this.#rollbacks.set(feature, history);
    this.#logger.warn(`rollback of "${feature}": ${reason.trim()}`);
    this.#rebuild(feature);
    this.#events.emit({ type: 'change', keys: [feature], origin: 'rollback', revision: null });
  }

  /** The flag's status: enabled, effective percentage, rollback history, source and any error. */
  getStatus(feature: string): FlagStatus {
    const flag = this.#get(feature);
    if (flag === undefined) {
      return { enabled: false, rolloutPercentage: 0, rollbackHistory: [], source: 'none' };
    }
    return statusOf(this.#state(feature, flag), this.#rollbacks.get(feature), this.#killed);
  }

  /** Every known flag's status: flags from the file and options, from env vars, and rolled back. */
  getAllStatus(): Record<string, FlagStatus> {
    // fromEntries defines own properties: a flag named "__proto__" is listed, not made the prototype.
    const keys = [...this.#flags.keys()].sort();
    return Object.fromEntries(keys.map((key) => [key, this.getStatus(key)]));
  }

  /**
   * Ends every timer and connection (remote mode) and drops the listeners. Evaluation keeps
   * working on the last configuration. Metrics recorded so far are sent in the background (each
   * request bounded to 5 s); nothing is recorded afterwards. `await flags.flush()` first to be
   * sure they are out.
   */
  close(): void {
    this.#remote?.close();
    // Best effort: the last metrics go out in the background, each request bounded in time.
    void this.#metrics?.close();
    this.#events.clear();
  }

  /** The session's side of every active flag, decided as `shouldUse` does (cached positions). */
  #cohorts(sessionId: unknown): Cohorts {
    if (this.#killed) return {};
    this.#active ??= [...this.#flags].filter(
      ([, f]) => f.basisPoints > 0 && f.basisPoints < BASIS_POINTS,
    );
    const cohorts: Record<string, Cohort> = {};
    for (const [key, flag] of this.#active) {
      cohorts[key] = this.#decide(key, flag, sessionId, 0) ? 'on' : 'off';
    }
    return cohorts;
  }

  #decide(key: string, flag: FlagRecord, sessionId: unknown, depth: number): boolean {
    const basisPoints = flag.basisPoints;
    if (basisPoints === 0) return false;
    if (flag.requires.length !== 0 && !this.#prerequisitesOn(flag, sessionId, depth)) return false;
    if (basisPoints >= BASIS_POINTS) return true;
    const positions = flag.positions ?? this.#attachCache(key, flag);
    return positions.position(normalizeSessionId(sessionId)) < basisPoints;
  }

  #prerequisitesOn(flag: FlagRecord, sessionId: unknown, depth: number): boolean {
    if (depth >= 16) return false;
    for (const key of flag.requires) {
      const prerequisite = this.#get(key);
      if (prerequisite === undefined || !this.#decide(key, prerequisite, sessionId, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /** Flags of one bucketBy group share a cache: a position depends only on the seed and the id. */
  #attachCache(key: string, flag: FlagRecord): PositionCache {
    const seed = this.#state(key, flag).bucketBy ?? key;
    let cache = this.#caches.get(seed);
    if (cache === undefined) {
      cache = new PositionCache(seed, this.#cacheSize);
      this.#caches.set(seed, cache);
    }
    flag.positions = cache;
    return cache;
  }

  #get(feature: string): FlagRecord | undefined {
    if (feature === this.#memoKey) return this.#memoFlag;
    const flag = this.#flags.get(feature);
    if (flag !== undefined) {
      if (flag.local.error !== undefined) this.#warnOnce(feature, flag.local.error);
      this.#memoKey = feature;
      this.#memoFlag = flag;
      return flag;
    }
    return this.#fromEnv(feature);
  }

  /** A flag nobody declared may still be set by env vars (`<KEY>_ENABLED`). */
  #fromEnv(feature: string): FlagRecord | undefined {
    if (typeof feature !== 'string' || feature === '') return undefined;
    const local = this.#localConfig.fromEnv(feature);
    if (local === undefined) return undefined;
    const flag = this.#rebuild(feature, local);
    if (local.error !== undefined) this.#warnOnce(feature, local.error);
    return flag;
  }

  /** The flags passed in code, as their records keep them, for `reload()`. */
  #definitionsInCode(): Record<string, FlagDefinition | undefined> {
    const entries: [string, FlagDefinition | undefined][] = [];
    for (const [key, flag] of this.#flags) {
      if (flag.local.inCode) entries.push([key, flag.local.definition]);
    }
    // fromEntries defines own properties: a flag named "__proto__" stays a flag.
    return Object.fromEntries(entries);
  }

  #load(
    inCode: Readonly<Record<string, FlagDefinition | undefined>> | undefined,
    first: boolean,
  ): void {
    const { flags: local, killed } = this.#localConfig.load(first, inCode);
    this.#envKilled = killed;
    const remote = this.#remote?.config;
    this.#killed = this.#envKilled || remote?.killAll.active === true;
    this.#flags = new Map();
    this.#memoKey = undefined;
    this.#active = undefined;
    const remoteKeys = remote?.flags.keys() ?? [];
    for (const key of new Set([...local.keys(), ...this.#rollbacks.keys(), ...remoteKeys])) {
      this.#rebuild(key, local.get(key) ?? NO_LOCAL);
    }
    for (const [key, flag] of local) {
      if (flag.error !== undefined && flag.source !== 'env') this.#warnOnce(key, flag.error);
    }
  }

  /** A new record for the flag, from its local configuration (by default, the one it has). */
  #rebuild(key: string, local = this.#flags.get(key)?.local ?? NO_LOCAL): FlagRecord {
    const state = flagState(this.#inputs(key, local));
    const flag = new FlagRecord(state.basisPoints, state.requires, local);
    this.#flags.set(key, flag);
    this.#memoKey = undefined;
    this.#active = undefined;
    return flag;
  }

  /** The flag's effective state, derived as `#rebuild` derived its record. */
  #state(key: string, flag: FlagRecord): FlagState {
    return flagState(this.#inputs(key, flag.local));
  }

  #inputs(key: string, local: LocalFlag): StateInputs {
    const remote = this.#remote?.config;
    return {
      local,
      // With a remote config, a flag it does not have is off: local values only restrict.
      remote: remote && (remote.flags.get(key) ?? absentRemoteFlag(key)),
      rolledBack: this.#rollbacks.has(key),
    };
  }

  /** The flag as the engine's `evaluate` takes it, for explanations. */
  #config(key: string): FlagConfig | undefined {
    const flag = this.#get(key);
    return flag === undefined
      ? undefined
      : { ...this.#state(key, flag), key, killed: this.#killed };
  }

  /**
   * A new remote config: rebuilds the flags it changed (every flag the first time), each into
   * a new record that attaches to the position cache of its possibly new seed.
   */
  #applyRemote(diff: ConfigDiff, origin: 'remote' | 'cache'): void {
    const { config } = diff;
    this.#killed = this.#envKilled || config.killAll.active;
    const keys = diff.initial ? new Set([...this.#flags.keys(), ...diff.changed]) : diff.changed;
    for (const key of keys) {
      const local = this.#flags.get(key)?.local ?? NO_LOCAL;
      const known = local !== NO_LOCAL || this.#rollbacks.has(key) || config.flags.has(key);
      if (known) this.#rebuild(key, local);
      else this.#flags.delete(key);
      this.#memoKey = undefined;
      this.#active = undefined;
    }
    const changed = diff.initial || diff.killAllChanged ? [...this.#flags.keys()] : diff.changed;
    if (changed.length === 0 && !diff.initial) return;
    const sorted = [...new Set([...changed, ...diff.changed])].sort();
    this.#events.emit({ type: 'change', keys: sorted, origin, revision: config.revision });
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#logger.warn(`flag "${key}" is off: ${message}`);
  }
}
