/**
 * What the controller reads: metric aggregates and exposure counts over time windows. The
 * simulator implements it over memory (`MemoryMetricStore`); the server will implement it over
 * its per-minute SQL aggregates. Both keep, per minute and per (flag, cohort, metric), a count,
 * a sum, a sum of squares and a mergeable quantile sketch, so any window is a merge.
 *
 * Windows are half-open, `[from, to)` in epoch milliseconds, and cover the minute buckets whose
 * start lies inside. Reads are synchronous: the loop around `decide()` loads what it needs
 * first (see `prometheusQueries` for the one source that lives elsewhere).
 */

/** Which side of a flag a session was on. */
export type Cohort = 'on' | 'off';
/** A cohort, or both merged. */
export type CohortSelector = Cohort | 'all';

export interface SeriesQuery {
  /** The metric as the SDK recorded it (`flags.track(name)` / `flags.increment(name)`). */
  readonly metric: string;
  /** The flag whose cohort tags the data; null for a global series (alerts, heap). */
  readonly flag: string | null;
  /** Ignored for global series. */
  readonly cohort: CohortSelector;
  readonly from: number;
  readonly to: number;
}

/**
 * A window of one series, merged. Counts and sums are plain numbers; the order statistics are
 * methods so an implementation can merge sketches only when one is asked for.
 */
export interface SeriesSummary {
  /** Observations (or events, for counters). */
  readonly count: number;
  readonly sum: number;
  readonly sumSquares: number;
  /** The smallest value; null without values. */
  min(): number | null;
  max(): number | null;
  /** The q-quantile (0..1) from the merged sketch; null without values. */
  quantile(q: number): number | null;
}

export interface ExposureQuery {
  readonly flag: string;
  readonly from: number;
  readonly to: number;
}

/** Sessions exposed to each side of a flag in a window. */
export interface ExposureCounts {
  readonly on: number;
  readonly off: number;
}

/**
 * A PromQL instant query, evaluated at `at`. `{{flag}}` and `{{cohort}}` in the plan's query
 * are already filled in. `url` is the plan's Prometheus base URL, or null for the server's.
 */
export interface PrometheusQuery {
  readonly query: string;
  readonly url: string | null;
  readonly at: number;
}

export interface Readings {
  series(query: SeriesQuery): SeriesSummary;
  exposures(query: ExposureQuery): ExposureCounts;
  /**
   * The scalar result of a PromQL instant query, or null when there is none. Optional: the
   * server's loop runs `prometheusQueries(...)` before each decision (`PrometheusReader`) and
   * serves the answers from here; without it a Prometheus metric reads as "no data" — an
   * inconclusive gate, never a pass, and a trigger that does not fire.
   */
  prometheus?(query: PrometheusQuery): number | null;
}
