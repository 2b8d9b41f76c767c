import type { DDSketch } from '@datadog/sketches-js';
import type {
  Cohort,
  ExposureCounts,
  ExposureQuery,
  Readings,
  SeriesQuery,
  SeriesSummary,
} from './readings.js';
import {
  addCountTo,
  addValuesTo,
  mergeBucket,
  newSketch,
  Series,
  type MinuteBucket,
} from './series.js';

const MINUTE = 60_000;
const MEMO_LIMIT = 50_000;

/** Which series an observation belongs to; global series have no flag and cohort `all`. */
export interface SeriesKey {
  readonly metric: string;
  readonly flag: string | null;
  readonly cohort: Cohort | 'all';
}

/**
 * Per-minute aggregates in memory: per (flag, cohort, metric) a count, sum, sum of squares,
 * min, max and a DDSketch, plus exposure counts per (flag, cohort). Implements `Readings`, so
 * the simulator's controller reads exactly what the server's will read from SQL.
 *
 * @example
 * const store = new MemoryMetricStore();
 * store.addValues({ metric: 'latency_ms', flag: 'f', cohort: 'on' }, now, [120, 131]);
 * store.series({ metric: 'latency_ms', flag: 'f', cohort: 'on', from: 0, to: now + 60_000 }).quantile(0.95);
 */
export class MemoryMetricStore implements Readings {
  readonly #series = new Map<string, Series>();
  readonly #memo = new Map<
    string,
    { tick: number; sketch: DDSketch | null; min: number; max: number }
  >();
  #tick = 0;

  /** Adds observed values (latencies, heap sizes), each counted `weight` times. */
  addValues(key: SeriesKey, at: number, values: readonly number[], weight = 1): void {
    if (values.length === 0 || !(weight > 0)) return;
    const series = this.#seriesFor(key);
    const bucket = series.bucketAt(Math.floor(at / MINUTE), ++this.#tick);
    addValuesTo(bucket, values, weight);
    series.changed(bucket);
  }

  /** Adds `n` events of a counter (errors, requests, alerts). */
  addCount(key: SeriesKey, at: number, n: number): void {
    if (n <= 0) return;
    const series = this.#seriesFor(key);
    const bucket = series.bucketAt(Math.floor(at / MINUTE), ++this.#tick);
    addCountTo(bucket, n);
    series.changed(bucket);
  }

  /**
   * Merges a minute aggregated elsewhere (a stored row) into the minute starting at or before
   * `at`, as if its values had been added here: how a store over SQL rows is built.
   */
  addBucket(key: SeriesKey, at: number, minute: MinuteBucket): void {
    if (!(minute.count > 0)) return;
    const series = this.#seriesFor(key);
    const bucket = series.bucketAt(Math.floor(at / MINUTE), ++this.#tick);
    mergeBucket(bucket, minute);
    series.changed(bucket);
  }

  /** Adds sessions exposed to each side of a flag. */
  addExposures(flag: string, at: number, counts: ExposureCounts): void {
    this.addCount(exposureKey(flag, 'on'), at, counts.on);
    this.addCount(exposureKey(flag, 'off'), at, counts.off);
  }

  series(query: SeriesQuery): SeriesSummary {
    const cohorts: readonly (Cohort | 'all')[] =
      query.flag === null ? ['all'] : query.cohort === 'all' ? ['on', 'off'] : [query.cohort];
    const windows = cohorts.map((cohort) =>
      this.#window(
        keyText({ metric: query.metric, flag: query.flag, cohort }),
        query.from,
        query.to,
      ),
    );
    return summaryOf(windows);
  }

  exposures(query: ExposureQuery): ExposureCounts {
    const count = (cohort: Cohort): number =>
      this.#window(keyText(exposureKey(query.flag, cohort)), query.from, query.to).totals.count;
    return { on: count('on'), off: count('off') };
  }

  #seriesFor(key: SeriesKey): Series {
    const text = keyText(key);
    let series = this.#series.get(text);
    if (series === undefined) {
      series = new Series();
      this.#series.set(text, series);
    }
    return series;
  }

  #window(text: string, from: number, to: number): Window {
    const series = this.#series.get(text);
    if (series === undefined) return EMPTY_WINDOW;
    const [start, end] = series.range(Math.ceil(from / MINUTE), Math.ceil(to / MINUTE));
    return {
      totals: series.totals(start, end),
      merged: () => this.#merged(text, series, start, end),
    };
  }

  /** The window's sketch, min and max, cached until a bucket inside the window changes. */
  #merged(text: string, series: Series, start: number, end: number): Merged {
    const memoKey = `${text}|${start}|${end}`;
    const cached = this.#memo.get(memoKey);
    if (cached !== undefined && !touchedSince(series, start, end, cached.tick)) return cached;
    let sketch: DDSketch | null = null;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const bucket = series.buckets[i];
      if (bucket?.sketch == null) continue;
      sketch ??= newSketch();
      sketch.merge(bucket.sketch);
      min = Math.min(min, bucket.min);
      max = Math.max(max, bucket.max);
    }
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    const entry = { tick: this.#tick, sketch, min, max };
    this.#memo.set(memoKey, entry);
    return entry;
  }
}

function touchedSince(series: Series, start: number, end: number, tick: number): boolean {
  for (let i = start; i < end; i++) if ((series.touched[i] ?? 0) > tick) return true;
  return false;
}

function exposureKey(flag: string, cohort: Cohort): SeriesKey {
  return { metric: '\u0000exposures', flag, cohort };
}

function keyText(key: SeriesKey): string {
  return `${key.flag ?? ''}\u0000${key.cohort}\u0000${key.metric}`;
}

interface Merged {
  readonly sketch: DDSketch | null;
  readonly min: number;
  readonly max: number;
}

interface Window {
  readonly totals: { readonly count: number; readonly sum: number; readonly sumSquares: number };
  merged(): Merged;
}

const EMPTY_WINDOW: Window = {
  totals: { count: 0, sum: 0, sumSquares: 0 },
  merged: () => ({ sketch: null, min: Infinity, max: -Infinity }),
};

/** One or two windows (both cohorts) as one summary; sketches merge only when asked. */
function summaryOf(windows: readonly Window[]): SeriesSummary {
  let memo: Merged | null = null;
  const merged = (): Merged => {
    if (memo !== null) return memo;
    const parts = windows.map((w) => w.merged());
    if (parts.length === 1 && parts[0] !== undefined) return (memo = parts[0]);
    let sketch: DDSketch | null = null;
    for (const part of parts) {
      if (part.sketch === null) continue;
      sketch ??= newSketch();
      sketch.merge(part.sketch);
    }
    const min = Math.min(...parts.map((p) => p.min));
    const max = Math.max(...parts.map((p) => p.max));
    return (memo = { sketch, min, max });
  };
  const count = windows.reduce((n, w) => n + w.totals.count, 0);
  const hasValues = (): boolean => count > 0 && (merged().sketch?.count ?? 0) > 0;
  return {
    count,
    sum: windows.reduce((n, w) => n + w.totals.sum, 0),
    sumSquares: windows.reduce((n, w) => n + w.totals.sumSquares, 0),
    min: () => (hasValues() ? merged().min : null),
    max: () => (hasValues() ? merged().max : null),
    quantile: (q) => (hasValues() ? (merged().sketch?.getValueAtQuantile(q) ?? null) : null),
  };
}
