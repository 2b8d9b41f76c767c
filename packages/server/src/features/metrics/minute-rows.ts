import type { Cohort, MinuteBucket } from '../rollouts/index.js';

/** A series' cohort: a side of a flag, or `all` for a global series (flag null). */
export type RowCohort = Cohort | 'all';

/** One minute of one series (per flag and cohort, or global), as stored and merged. */
export interface SeriesRow {
  /** Minutes since the epoch. */
  readonly minute: number;
  readonly metric: string;
  readonly flag: string | null;
  readonly cohort: RowCohort;
  readonly bucket: MinuteBucket;
}

/** Evaluations in one minute that put sessions on one side of a flag. */
export interface ExposureRow {
  readonly minute: number;
  readonly flag: string;
  readonly cohort: Cohort;
  count: number;
}

/** Events of one name in one minute (per flag and cohort, or global). */
export interface EventRow {
  readonly minute: number;
  readonly name: string;
  readonly flag: string | null;
  readonly cohort: RowCohort;
  count: number;
}

/** What a batch adds, or what a window holds: minute rows of the three kinds. */
export interface MinuteRows {
  readonly series: readonly SeriesRow[];
  readonly exposures: readonly ExposureRow[];
  readonly events: readonly EventRow[];
}

export const MINUTE_MS = 60_000;

export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS);
}

/** How many rows, for the per-batch bound. */
export function rowCount(rows: MinuteRows): number {
  return rows.series.length + rows.exposures.length + rows.events.length;
}
