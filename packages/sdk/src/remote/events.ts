import type { Logger } from '../logger.js';

/**
 * The state of the link to the control plane.
 *
 * - `connecting`: remote mode started, nothing known yet (never emitted, only the start);
 * - `connected`: the stream is open; changes arrive as they are committed;
 * - `stale`: the stream is down; the last known config (memory or cache file) is served while
 *   the SDK reconnects and polls;
 * - `error`: the stream is down and no remote config was ever obtained: local values (or off)
 *   are served.
 *
 * @example
 * const state: ConnectionState = 'stale';
 */
export type ConnectionState = 'connecting' | 'connected' | 'stale' | 'error';

/**
 * Where the configuration being served comes from.
 *
 * @example
 * const origin: ConfigOrigin = (await flags.ready()).source;
 */
export type ConfigOrigin = 'remote' | 'cache' | 'local';

/**
 * What `ready()` resolves with: the configuration served at that moment.
 *
 * @example
 * const { source, revision, error } = await flags.ready();
 * // { source: 'remote', revision: 42 } or { source: 'cache', revision: 40, error: 'fetch failed' }
 */
export interface ReadyResult {
  /**
   * `remote`: a snapshot from the control plane; `cache`: the cache file (the server could
   * not be reached); `local`: env, file and `flags` values only (local mode, or no remote
   * config could be obtained in time).
   */
  readonly source: ConfigOrigin;
  /** The control plane revision served, or null when none. */
  readonly revision: number | null;
  /** Why the control plane's config is not served, when it is not. */
  readonly error?: string;
}

/**
 * Events `subscribe` delivers. An OpenFeature provider maps them as: `change` ->
 * CONFIGURATION_CHANGED (with `keys` as flagsChanged), `connected` -> READY, `stale` -> STALE,
 * `error` -> ERROR.
 *
 * @example
 * flags.subscribe((event) => {
 *   if (event.type === 'connection' && event.state !== 'connected') alert(event.error);
 * });
 */
export type FlagsEvent =
  | {
      readonly type: 'change';
      /** Flags whose configuration changed (every flag when the kill switch moved), sorted. */
      readonly keys: readonly string[];
      /** `remote` and `cache`: a control plane config; `rollback`, `reload`: a local change. */
      readonly origin: 'remote' | 'cache' | 'rollback' | 'reload';
      /** The control plane revision now applied, or null for local changes. */
      readonly revision: number | null;
    }
  | {
      readonly type: 'connection';
      readonly state: Exclude<ConnectionState, 'connecting'>;
      /** Why the stream is down (`stale`, `error`). */
      readonly error?: string;
    };

/** The `connection` member of FlagsEvent. */
export type ConnectionEvent = Extract<FlagsEvent, { readonly type: 'connection' }>;

/**
 * A `subscribe` callback.
 *
 * @example
 * const listener: FlagsListener = (event) => console.log(event.type);
 */
export type FlagsListener = (event: FlagsEvent) => void;

/** A tiny synchronous emitter: a throwing listener is logged and never reaches the SDK. */
export class FlagsEvents {
  readonly #listeners = new Set<FlagsListener>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  subscribe(listener: FlagsListener): () => void {
    // Wrapped so that the same function subscribed twice gets two independent subscriptions.
    const entry: FlagsListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: FlagsEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.#logger.warn(`a flags listener threw on "${event.type}": ${String(err)}`);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
