import {
  MAX_METRIC_BATCH_ITEMS,
  type MetricsAccepted,
  type MetricsBatch,
  type MetricsSummary,
  type MetricsSummaryQuery,
} from '@ramp/api';
import type { Clock } from '../../clock.js';
import { AppError, invalidField } from '../../http/app-error.js';
import { parseDateTime } from '../../http/date-time.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import type { Readings } from '../rollouts/index.js';
import { aggregateBatch, combineRows } from './aggregate-batch.js';
import type { MetricStore } from './metric-store.js';
import { MINUTE_MS, rowCount, type MinuteRows } from './minute-rows.js';
import { loadReadings, type ReadingsWindow } from './sql-readings.js';
import { summarize } from './summarize.js';

/** An SDK clock further off than this is corrected with the batch's `sentAt`. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** Items older than this (after the correction) are refused. */
export const MAX_AGE_MS = 7 * 24 * 60 * MINUTE_MS;
/** Items further ahead than this are refused. */
export const MAX_AHEAD_MS = 5 * MINUTE_MS;
/** Series-minutes one batch may touch (items times the flags each is tagged with). */
export const MAX_BATCH_ROWS = 50_000;
/** The longest window a summary reads. */
export const MAX_SUMMARY_WINDOW_MS = 31 * 24 * 60 * MINUTE_MS;
const DEFAULT_SUMMARY_WINDOW_MS = 60 * MINUTE_MS;
const MERGE_ATTEMPTS = 3;

export interface MetricsServiceDeps {
  readonly clock: Clock;
  /** The store inside one transaction: a batch is merged whole or not at all. */
  readonly runInTransaction: RunInTransaction<MetricStore>;
  /** The store for reads. */
  readonly store: MetricStore;
  /** Whether a failed merge may be run again (deadlocks between replicas). */
  readonly retryable?: (error: unknown) => boolean;
}

interface QueuedBatch {
  readonly rows: MinuteRows;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Takes SDK batches into the per-minute aggregates, and reads them back.
 *
 * Batches are written in groups: while one transaction merges, the batches that arrive wait,
 * and the next transaction merges them all at once. Every SDK's batch touches the same hot
 * rows (this minute, this flag), so one transaction at a time per replica instead of one per
 * request keeps row locks short and commits few. Each batch is still acknowledged only once
 * the transaction holding it has committed.
 */
export class MetricsService {
  readonly #queue: QueuedBatch[] = [];
  #writing = false;

  constructor(private readonly deps: MetricsServiceDeps) {}

  /** Checks, aggregates and merges one batch; nothing is written when it is refused. */
  async ingest(batch: MetricsBatch): Promise<MetricsAccepted> {
    const accepted = {
      observations: batch.observations?.length ?? 0,
      counters: batch.counters?.length ?? 0,
      events: batch.events?.length ?? 0,
      exposures: batch.exposures?.length ?? 0,
      dropped: batch.dropped ?? 0,
    };
    const items = accepted.observations + accepted.counters + accepted.events + accepted.exposures;
    if (items > MAX_METRIC_BATCH_ITEMS) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `a batch holds at most ${MAX_METRIC_BATCH_ITEMS} items, this one ${items}`,
      );
    }
    const now = this.deps.clock.now();
    const shift = Math.abs(now - batch.sentAt) > MAX_CLOCK_SKEW_MS ? now - batch.sentAt : 0;
    checkTimes(batch, now - shift);
    const rows = aggregateBatch(batch, shift);
    if (rowCount(rows) > MAX_BATCH_ROWS) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the batch touches ${rowCount(rows)} series-minutes, at most ${MAX_BATCH_ROWS}: send smaller batches`,
      );
    }
    await this.#enqueue(rows);
    return accepted;
  }

  #enqueue(rows: MinuteRows): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  /** Writes the queue, as many batches per transaction as fit the per-batch row bound. */
  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      let rows = 0;
      let take = 0;
      while (take < this.#queue.length) {
        const next = rowCount(this.#queue[take]!.rows);
        if (take > 0 && rows + next > MAX_BATCH_ROWS) break;
        rows += next;
        take++;
      }
      const group = this.#queue.splice(0, take);
      try {
        const merged = group.length === 1 ? group[0]!.rows : combineRows(group.map((b) => b.rows));
        await this.#merge((store) => store.merge(merged));
        for (const batch of group) batch.resolve();
      } catch (error) {
        for (const batch of group) batch.reject(error);
      }
    }
    this.#writing = false;
  }

  /** The controller's readings over a window (see `loadReadings`). */
  readings(window: ReadingsWindow): Promise<Readings> {
    return loadReadings(this.deps.store, window);
  }

  async summary(query: MetricsSummaryQuery): Promise<MetricsSummary> {
    const to = query.to === undefined ? this.deps.clock.now() : parseDateTime('to', query.to);
    const from =
      query.from === undefined ? to - DEFAULT_SUMMARY_WINDOW_MS : parseDateTime('from', query.from);
    if (from >= to) throw invalidField('from', 'must be before to');
    if (to - from > MAX_SUMMARY_WINDOW_MS) throw invalidField('from', 'at most 31 days before to');
    const rows = await this.deps.store.load({
      fromMinute: Math.ceil(from / MINUTE_MS),
      toMinute: Math.ceil(to / MINUTE_MS),
      flag: query.flag,
      metric: query.metric,
    });
    return summarize(rows, { from, to });
  }

  async #merge(work: (store: MetricStore) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.runInTransaction(work);
        return;
      } catch (error) {
        if (attempt >= MERGE_ATTEMPTS || this.deps.retryable?.(error) !== true) throw error;
      }
    }
  }
}

/** Every item's time within [now - 7 days, now + 5 minutes] on the SDK's clock (`sdkNow`). */
function checkTimes(batch: MetricsBatch, sdkNow: number): void {
  const lists = [
    ['observations', batch.observations],
    ['counters', batch.counters],
    ['events', batch.events],
    ['exposures', batch.exposures],
  ] as const;
  for (const [name, list] of lists) {
    list?.forEach((item, i) => {
      if (item.at < sdkNow - MAX_AGE_MS || item.at > sdkNow + MAX_AHEAD_MS) {
        throw invalidField(
          `${name}[${i}].at`,
          'expected a time within the last 7 days and at most 5 minutes ahead',
        );
      }
    });
  }
}
