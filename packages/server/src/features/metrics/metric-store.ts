import type { MinuteRows } from './minute-rows.js';

/** Which stored minutes to load: `[fromMinute, toMinute)`, optionally one flag or metric. */
export interface MinuteFilter {
  readonly fromMinute: number;
  readonly toMinute: number;
  /** Only this flag's rows (and its exposures); global rows are left out. */
  readonly flag?: string | undefined;
  /** Only this metric's (or event name's) rows; exposures are left out. */
  readonly metric?: string | undefined;
}

/**
 * Per-minute metric aggregates. Implemented by KyselyMetricStore (SQLite and PostgreSQL).
 * `merge` adds to what is stored — several replicas may merge into the same minute at once,
 * and nothing is ever overwritten — and must run inside one transaction.
 */
export interface MetricStore {
  merge(rows: MinuteRows): Promise<void>;
  load(filter: MinuteFilter): Promise<MinuteRows>;
}
