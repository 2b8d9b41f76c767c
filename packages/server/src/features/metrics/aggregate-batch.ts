import type { Cohorts, MetricsBatch } from '@ramp/api';
import { addCountTo, addValuesTo, emptyBucket, mergeBucket } from '../rollouts/index.js';
import {
  minuteOf,
  type EventRow,
  type ExposureRow,
  type MinuteRows,
  type RowCohort,
  type SeriesRow,
} from './minute-rows.js';

/** The global counter under which the items SDKs report as dropped are counted. */
export const DROPPED_METRIC = 'ramp.sdk.dropped';

interface Tag {
  readonly flag: string | null;
  readonly cohort: RowCohort;
}

const GLOBAL: Tag = { flag: null, cohort: 'all' };

/**
 * Folds a batch into minute rows: every observation and counter into its global series and
 * into the series of each flag it is tagged with; events likewise; exposures per flag and
 * cohort. Values of one row share one sketch. `shiftMs` moves every time (clock skew).
 *
 * @example
 * const rows = aggregateBatch(batch, 0);
 * await store.merge(rows);
 */
export function aggregateBatch(batch: MetricsBatch, shiftMs: number): MinuteRows {
  const values = new Map<string, { row: SeriesRow; values: number[] }>();
  const seriesRow = (metric: string, at: number, tag: Tag) => {
    const minute = minuteOf(at + shiftMs);
    const key = `${minute}\u0000${metric}\u0000${tag.flag ?? ''}\u0000${tag.cohort}`;
    let entry = values.get(key);
    if (entry === undefined) {
      entry = { row: { minute, metric, ...tag, bucket: emptyBucket() }, values: [] };
      values.set(key, entry);
    }
    return entry;
  };
  for (const o of batch.observations ?? []) {
    for (const tag of tagsOf(o.cohorts)) seriesRow(o.metric, o.at, tag).values.push(o.value);
  }
  for (const c of batch.counters ?? []) {
    for (const tag of tagsOf(c.cohorts))
      addCountTo(seriesRow(c.metric, c.at, tag).row.bucket, c.count);
  }
  if (batch.dropped !== undefined && batch.dropped > 0) {
    addCountTo(seriesRow(DROPPED_METRIC, batch.sentAt, GLOBAL).row.bucket, batch.dropped);
  }
  for (const entry of values.values()) addValuesTo(entry.row.bucket, entry.values);
  return {
    series: [...values.values()].map((e) => e.row),
    exposures: exposureRows(batch, shiftMs),
    events: eventRows(batch, shiftMs),
  };
}

/**
 * Several batches' rows as one set, each key once (a statement may not touch a row twice):
 * buckets merge, counts add up. Used to write batches that arrived together in one
 * transaction.
 */
export function combineRows(parts: readonly MinuteRows[]): MinuteRows {
  const series = new Map<string, SeriesRow>();
  const exposures = new Map<string, ExposureRow>();
  const events = new Map<string, EventRow>();
  for (const part of parts) {
    for (const row of part.series) {
      const key = `${row.minute}\u0000${row.metric}\u0000${row.flag ?? ''}\u0000${row.cohort}`;
      let into = series.get(key);
      if (into === undefined) {
        into = { ...row, bucket: emptyBucket() };
        series.set(key, into);
      }
      mergeBucket(into.bucket, row.bucket);
    }
    for (const row of part.exposures) {
      const key = `${row.minute}\u0000${row.flag}\u0000${row.cohort}`;
      const into = exposures.get(key);
      if (into === undefined) exposures.set(key, { ...row });
      else into.count += row.count;
    }
    for (const row of part.events) {
      const key = `${row.minute}\u0000${row.name}\u0000${row.flag ?? ''}\u0000${row.cohort}`;
      const into = events.get(key);
      if (into === undefined) events.set(key, { ...row });
      else into.count += row.count;
    }
  }
  return {
    series: [...series.values()],
    exposures: [...exposures.values()],
    events: [...events.values()],
  };
}

function tagsOf(cohorts: Cohorts | undefined): Tag[] {
  const tags = [GLOBAL];
  for (const [flag, cohort] of Object.entries(cohorts ?? {})) tags.push({ flag, cohort });
  return tags;
}

function exposureRows(batch: MetricsBatch, shiftMs: number): ExposureRow[] {
  const rows = new Map<string, ExposureRow>();
  for (const e of batch.exposures ?? []) {
    const minute = minuteOf(e.at + shiftMs);
    const key = `${minute}\u0000${e.flag}\u0000${e.cohort}`;
    const row = rows.get(key);
    if (row === undefined)
      rows.set(key, { minute, flag: e.flag, cohort: e.cohort, count: e.count });
    else row.count += e.count;
  }
  return [...rows.values()];
}

function eventRows(batch: MetricsBatch, shiftMs: number): EventRow[] {
  const rows = new Map<string, EventRow>();
  for (const e of batch.events ?? []) {
    const minute = minuteOf(e.at + shiftMs);
    for (const tag of tagsOf(e.cohorts)) {
      const key = `${minute}\u0000${e.name}\u0000${tag.flag ?? ''}\u0000${tag.cohort}`;
      const row = rows.get(key);
      if (row === undefined) rows.set(key, { minute, name: e.name, ...tag, count: 1 });
      else row.count += 1;
    }
  }
  return [...rows.values()];
}
