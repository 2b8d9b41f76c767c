import type { Logger } from '../logger.js';
import { Backoff } from './backoff.js';
import { CacheFileWriter, readCacheFile } from './cache-file.js';
import type { ConnectionEvent, ConnectionState, ReadyResult } from './events.js';
import { parseChange, parseSnapshot, type SnapshotPayload } from './payload.js';
import {
  applyChange,
  applySnapshot,
  toSnapshot,
  type ConfigDiff,
  type RemoteConfig,
} from './remote-config.js';
import { Timer } from './scheduler.js';
import type { RemoteSettings } from './settings.js';
import { SnapshotPoller } from './snapshot-poller.js';
import type { SseEvent } from './sse-parser.js';
import { StreamConnection } from './stream-connection.js';

/** How FeatureFlags hears from its remote source. Both run synchronously. */
export interface RemoteSourceHooks {
  readonly onConfig: (diff: ConfigDiff, origin: 'remote' | 'cache') => void;
  readonly onConnection: (event: ConnectionEvent) => void;
}

/** A connection that stayed open this long was healthy: the next retry starts from the base. */
const HEALTHY_CONNECTION_MS = 60_000;

/**
 * Keeps a RemoteConfig in step with the control plane: starts from the cache file, follows
 * the SSE stream (resuming with `Last-Event-ID`), reconnects with backoff, polls the snapshot
 * while the stream is down, and saves every applied config to the cache file. Owns every
 * timer and connection of remote mode; `close()` ends them all.
 */
export class RemoteSource {
  readonly #settings: RemoteSettings;
  readonly #hooks: RemoteSourceHooks;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #backoff: Backoff;
  readonly #reconnectTimer: Timer;
  readonly #readyTimer: Timer;
  readonly #poller: SnapshotPoller;
  readonly #cache: CacheFileWriter | undefined;
  readonly #ready: Promise<ReadyResult>;
  #resolveReady: ((result: ReadyResult) => void) | undefined;
  #config: RemoteConfig | undefined;
  #origin: 'remote' | 'cache' | undefined;
  #stream: StreamConnection | undefined;
  #openedAt: number | undefined;
  #retryFloorMs = 0;
  #state: ConnectionState = 'connecting';
  #lastError: string | undefined;
  #closed = false;

  constructor(
    settings: RemoteSettings,
    hooks: RemoteSourceHooks,
    { logger, now }: { readonly logger: Logger; readonly now: () => number },
  ) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.#logger = logger;
    this.#now = now;
    this.#backoff = new Backoff(settings.reconnect);
    this.#reconnectTimer = new Timer(settings.scheduler);
    this.#readyTimer = new Timer(settings.scheduler);
    this.#ready = new Promise((resolve) => (this.#resolveReady = resolve));
    this.#poller = new SnapshotPoller(
      {
        url: settings.url,
        token: settings.token,
        intervalMs: settings.pollIntervalMs,
        timeoutMs: settings.heartbeatTimeoutMs,
        fetch: settings.fetch,
        scheduler: settings.scheduler,
      },
      {
        revision: () => this.#resumeRevision(),
        onSnapshot: (body) => this.#onPolledSnapshot(body),
        onError: (reason) => this.#onFailure(reason),
      },
    );
    const { cacheFile, url } = settings;
    this.#cache =
      cacheFile === undefined
        ? undefined
        : new CacheFileWriter({ path: cacheFile, url, logger, now });
  }

  /** Applies the cache file (synchronously), then opens the stream. */
  start(): void {
    const { cacheFile, url } = this.#settings;
    const cached =
      cacheFile === undefined ? undefined : readCacheFile(cacheFile, url, this.#logger);
    if (cached !== undefined) this.#applySnapshot(cached, 'cache');
    this.#readyTimer.set(this.#settings.readyTimeoutMs, () => this.#settleReady());
    this.#connect();
  }

  /** Resolves once: with the first remote snapshot, the cache after a failure, or at the timeout. */
  ready(): Promise<ReadyResult> {
    return this.#resolveReady === undefined ? Promise.resolve(this.status()) : this.#ready;
  }

  /** What is served now. */
  status(): ReadyResult {
    const revision = this.#config?.revision ?? null;
    if (this.#origin === 'remote') return { source: 'remote', revision };
    const timeout = `no configuration from the control plane within ${this.#settings.readyTimeoutMs} ms`;
    return { source: this.#origin ?? 'local', revision, error: this.#lastError ?? timeout };
  }

  get config(): RemoteConfig | undefined {
    return this.#config;
  }

  get connectionState(): ConnectionState {
    return this.#state;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream?.close();
    this.#stream = undefined;
    this.#reconnectTimer.clear();
    this.#poller.close();
    this.#cache?.close();
    this.#settleReady();
  }

  #connect(): void {
    if (this.#closed) return;
    const { url, token, heartbeatTimeoutMs, fetch, scheduler } = this.#settings;
    const lastEventId = this.#resumeRevision();
    this.#stream = new StreamConnection(
      { url, token, lastEventId, heartbeatTimeoutMs, fetch, scheduler },
      {
        onOpen: () => this.#onOpen(),
        onEvent: (event) => this.#onEvent(event),
        onComment: () => this.#poller.stop(),
        onRetry: (ms) => (this.#retryFloorMs = ms),
        onEnd: (reason) => this.#onStreamEnd(reason),
      },
    );
  }

  /** Resume only from a config this process received: a cache file may be from another run. */
  #resumeRevision(): number | undefined {
    return this.#origin === 'remote' ? this.#config?.revision : undefined;
  }

  /**
   * Polling goes on until the stream delivers its first event or heartbeat: a proxy that
   * answers 200 and then buffers everything must not leave the SDK without updates.
   */
  #onOpen(): void {
    this.#openedAt = this.#now();
    this.#setState('connected');
  }

  #onEvent(event: SseEvent): void {
    if (event.type !== 'snapshot' && event.type !== 'change') return; // forward compatible
    this.#poller.stop();
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.#protocolError(`${event.type} event: the data is not JSON`);
      return;
    }
    if (event.type === 'snapshot') {
      const parsed = parseSnapshot(data);
      if (parsed.ok) this.#applySnapshot(parsed.value, 'remote');
      else this.#protocolError(`snapshot event: ${parsed.error}`);
      return;
    }
    const parsed = parseChange(data);
    const config = this.#config;
    if (!parsed.ok) this.#protocolError(`change event: ${parsed.error}`);
    else if (config === undefined || this.#origin !== 'remote') {
      this.#protocolError('change event before any snapshot');
    } else if (parsed.value.revision > config.revision) {
      this.#commit(applyChange(config, parsed.value), 'remote');
    }
  }

  #onPolledSnapshot(body: unknown): void {
    const parsed = parseSnapshot(body);
    if (parsed.ok) this.#applySnapshot(parsed.value, 'remote');
    else this.#logger.warn(`ignored a malformed snapshot (${parsed.error})`);
  }

  /**
   * A remote snapshot replaces a cached config whatever its revision (the server may have
   * been rebuilt since); after that only newer revisions apply, so a replayed or lagging
   * snapshot never undoes a newer change.
   */
  #applySnapshot(snapshot: SnapshotPayload, origin: 'remote' | 'cache'): void {
    const current = this.#config;
    if (
      current !== undefined &&
      this.#origin === 'remote' &&
      snapshot.revision <= current.revision
    ) {
      return;
    }
    this.#commit(applySnapshot(current, snapshot), origin);
  }

  #commit(diff: ConfigDiff, origin: 'remote' | 'cache'): void {
    this.#config = diff.config;
    this.#origin = origin;
    if (origin === 'remote') this.#cache?.save(toSnapshot(diff.config));
    this.#hooks.onConfig(diff, origin);
    if (origin === 'remote') this.#settleReady();
    if (this.#state === 'error') this.#setState('stale', this.#lastError);
  }

  /** A payload the SDK cannot trust: ignore it and reopen the stream, resuming after the last good revision. */
  #protocolError(reason: string): void {
    this.#logger.warn(`ignored a malformed ${reason}; reconnecting`);
    this.#stream?.close();
    this.#onStreamEnd(reason);
  }

  #onStreamEnd(reason: string): void {
    this.#stream = undefined;
    if (this.#closed) return;
    if (this.#openedAt !== undefined && this.#now() - this.#openedAt >= HEALTHY_CONNECTION_MS) {
      this.#backoff.reset();
    }
    this.#openedAt = undefined;
    this.#onFailure(reason);
    this.#setState(this.#config === undefined ? 'error' : 'stale', reason);
    this.#poller.start();
    const delay = this.#backoff.next(this.#retryFloorMs);
    this.#reconnectTimer.set(delay, () => this.#connect());
  }

  #onFailure(reason: string): void {
    this.#lastError = reason;
    // The server is unreachable at start: go on with the cached config rather than wait.
    if (this.#origin === 'cache') this.#settleReady();
  }

  #setState(state: Exclude<ConnectionState, 'connecting'>, error?: string): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    if (state === 'connected') {
      if (previous !== 'connecting') this.#logger.info?.('control plane stream reconnected');
      this.#hooks.onConnection({ type: 'connection', state });
      return;
    }
    if (previous === 'connected' || previous === 'connecting') {
      const serving =
        this.#config === undefined
          ? 'local values'
          : `the last known config (revision ${this.#config.revision})`;
      this.#logger.warn(`control plane stream down (${error}); serving ${serving}, reconnecting`);
    }
    this.#hooks.onConnection({ type: 'connection', state, error: error ?? 'unknown error' });
  }

  #settleReady(): void {
    const resolve = this.#resolveReady;
    if (resolve === undefined) return;
    this.#resolveReady = undefined;
    this.#readyTimer.clear();
    resolve(this.status());
  }
}
