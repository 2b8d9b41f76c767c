import type { Logger } from '../logger.js';
import type { FeatureFlagsOptions } from '../options.js';
import type { RemoteSettings } from '../remote/settings.js';
import { Timer } from '../remote/scheduler.js';
import {
  itemsIn,
  MAX_ABS_VALUE,
  METRIC_NAME,
  type AttributeValue,
  type Batch,
  type Cohorts,
} from './batch.js';
import { MetricsBuffer } from './metrics-buffer.js';
import { sendBatch, type SendTarget } from './send-batch.js';

/** Items per request; a buffer this full is flushed at once rather than at the next tick. */
export const BATCH_ITEMS = 5_000;
/** Attributes an event keeps, and the longest string value (the server's limits). */
const MAX_ATTRIBUTES = 32;
const MAX_ATTRIBUTE_TEXT = 1000;

export const METRICS_DEFAULTS = {
  flushMs: 10_000,
  bufferSize: 10_000,
  /** Each request, the last one at `close()` included, gives up after this long. */
  timeoutMs: 5_000,
} as const;

/** Where and how often remote mode sends metrics, from the options and remote settings. */
export function metricsSettings(
  remote: RemoteSettings,
  options: FeatureFlagsOptions,
): SendTarget & Pick<ReporterSettings, 'flushMs' | 'bufferSize'> {
  return {
    url: remote.url,
    token: remote.token,
    fetch: remote.fetch,
    scheduler: remote.scheduler,
    timeoutMs: METRICS_DEFAULTS.timeoutMs,
    flushMs: options.metricsFlushMs ?? METRICS_DEFAULTS.flushMs,
    bufferSize: options.metricsBufferSize ?? METRICS_DEFAULTS.bufferSize,
  };
}

export interface ReporterSettings extends SendTarget {
  readonly flushMs: number;
  readonly bufferSize: number;
  readonly logger: Logger;
  readonly now: () => number;
  /** The session's cohort for every active flag (FeatureFlags' own decisions). */
  readonly cohortsOf: (sessionId: unknown) => Cohorts;
}

/** `flags.track` options. */
export interface TrackOptions {
  /** The session whose cohorts tag the value; without one, only the global series gets it. */
  readonly sessionId?: unknown;
}

/** `flags.increment` options. */
export interface IncrementOptions extends TrackOptions {
  /** How many events (a whole number from 1; default 1). */
  readonly by?: number;
}

/** `flags.event` options. */
export interface EventOptions extends TrackOptions {
  /** Up to 32 string, number or boolean attributes (strings cut at 1000 characters). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

const NO_COHORTS: Cohorts = Object.freeze({});

/**
 * Remote mode's metric pipeline: checks and tags what the app records, keeps it in a bounded
 * buffer, and sends it every `flushMs` (sooner when a batch's worth is waiting), on `flush()`
 * and on `close()`. A batch that fails is kept for one retry, then dropped and counted. Never
 * throws into the app; bad input is ignored with one warning per name.
 */
export class MetricsReporter {
  readonly #settings: ReporterSettings;
  readonly #buffer: MetricsBuffer;
  readonly #timer: Timer;
  readonly #warned = new Set<string>();
  #retry: Batch | undefined;
  #queue: Promise<void> = Promise.resolve();
  #draining = false;
  #failing = false;
  #closed = false;

  constructor(settings: ReporterSettings) {
    this.#settings = settings;
    this.#buffer = new MetricsBuffer(settings.bufferSize);
    this.#timer = new Timer(settings.scheduler);
  }

  start(): void {
    this.#schedule();
  }

  track(metric: unknown, value: unknown, options: TrackOptions | undefined): void {
    try {
      if (this.#closed || !this.#validName('track', metric)) return;
      if (typeof value !== 'number' || !(Math.abs(value) <= MAX_ABS_VALUE)) {
        this.#warnOnce(
          `track:${metric}:value`,
          `track("${metric}"): the value must be a finite number within ±1e15; ignored`,
        );
        return;
      }
      this.#buffer.observe(metric, value, this.#settings.now(), this.#cohorts(options));
      this.#flushIfFull();
    } catch (err) {
      this.#internalError(err);
    }
  }

  increment(metric: unknown, options: IncrementOptions | undefined): void {
    try {
      if (this.#closed || !this.#validName('increment', metric)) return;
      const by = options?.by ?? 1;
      if (typeof by !== 'number' || !Number.isSafeInteger(by) || by < 1) {
        this.#warnOnce(
          `increment:${metric}:by`,
          `increment("${metric}"): "by" must be a whole number from 1; ignored`,
        );
        return;
      }
      this.#buffer.count(metric, by, this.#settings.now(), this.#cohorts(options));
      this.#flushIfFull();
    } catch (err) {
      this.#internalError(err);
    }
  }

  event(name: unknown, options: EventOptions | undefined): void {
    try {
      if (this.#closed || !this.#validName('event', name)) return;
      const attributes = cleanAttributes(options?.attributes);
      this.#buffer.event(name, this.#settings.now(), this.#cohorts(options), attributes);
      this.#flushIfFull();
    } catch (err) {
      this.#internalError(err);
    }
  }

  /** Hot path: one `shouldUse` of an active flag. */
  expose(flag: string, on: boolean): void {
    if (!this.#closed) this.#buffer.expose(flag, on, this.#settings.now());
  }

  /** Sends everything recorded so far; resolves when done (or given up), never rejects. */
  flush(): Promise<void> {
    this.#queue = this.#queue
      .then(() => this.#drain())
      .catch((err: unknown) => this.#settings.logger.warn(`metrics flush failed: ${String(err)}`));
    return this.#queue;
  }

  /**
   * Stops the timer and sends what is left, each request bounded by its timeout. Nothing is
   * recorded afterwards.
   */
  close(): Promise<void> {
    if (this.#closed) return this.#queue;
    this.#closed = true;
    this.#timer.clear();
    return this.flush();
  }

  #cohorts(options: TrackOptions | undefined): Cohorts {
    const sessionId = options?.sessionId;
    return sessionId === undefined || sessionId === null
      ? NO_COHORTS
      : this.#settings.cohortsOf(sessionId);
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer.set(this.#settings.flushMs, () => {
      void this.flush().then(() => this.#schedule());
    });
  }

  #flushIfFull(): void {
    if (this.#buffer.size >= BATCH_ITEMS && !this.#draining && !this.#closed) void this.flush();
  }

  /** Sends batch after batch until the buffer is empty or the server fails. */
  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (;;) {
        const retrying = this.#retry !== undefined;
        const batch = this.#retry ?? this.#buffer.take(BATCH_ITEMS);
        this.#retry = undefined;
        if (batch === undefined) return;
        const result = await sendBatch(this.#settings, batch, this.#settings.now());
        if (result.outcome === 'sent') {
          this.#recovered();
          continue;
        }
        const lost = itemsIn(batch) + batch.dropped;
        if (result.outcome === 'refused') {
          this.#buffer.drop(lost);
          this.#warnOnce(
            `refused:${result.reason}`,
            `metrics refused by the control plane (${result.reason}); ${lost} items dropped`,
          );
          continue;
        }
        this.#failed(result.reason);
        if (retrying) this.#buffer.drop(lost);
        else this.#retry = batch;
        return;
      }
    } finally {
      this.#draining = false;
    }
  }

  #failed(reason: string): void {
    if (this.#failing) return;
    this.#failing = true;
    this.#settings.logger.warn(
      `could not send metrics (${reason}); keeping the batch for one retry`,
    );
  }

  #recovered(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#settings.logger.info?.('metrics are delivered again');
  }

  #validName(call: string, name: unknown): name is string {
    if (typeof name === 'string' && METRIC_NAME.test(name)) return true;
    this.#warnOnce(
      `${call}:name:${String(name)}`,
      `${call}(${JSON.stringify(name) ?? String(name)}): a name is 1 to 100 letters, digits, "_", ".", ":" or "-"; ignored`,
    );
    return false;
  }

  /** Options whose getters throw, say: the app must not notice. */
  #internalError(err: unknown): void {
    this.#warnOnce('internal', `a metric was not recorded: ${String(err)}`);
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key) || this.#warned.size >= 100) return;
    this.#warned.add(key);
    this.#settings.logger.warn(message);
  }
}

/** Keeps what the server accepts: 32 attributes of short strings, finite numbers, booleans. */
function cleanAttributes(
  attributes: Readonly<Record<string, unknown>> | undefined,
): Record<string, AttributeValue> | undefined {
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const clean: Record<string, AttributeValue> = {};
  let n = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (n >= MAX_ATTRIBUTES) break;
    if (key.length > 100) continue;
    if (typeof value === 'string') clean[key] = value.slice(0, MAX_ATTRIBUTE_TEXT);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      clean[key] = value;
    } else continue;
    n++;
  }
  return n === 0 ? undefined : clean;
}
