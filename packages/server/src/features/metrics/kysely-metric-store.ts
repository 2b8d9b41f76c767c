import type { Kysely, Selectable } from 'kysely';
import type { MinuteBucket } from '../rollouts/index.js';
import { emptyBucket, mergeBucket } from '../rollouts/index.js';
import type { MetricMinutesTable, RampSchema } from '../../storage/schema.js';
import type { MetricStore, MinuteFilter } from './metric-store.js';
import type { EventRow, ExposureRow, MinuteRows, RowCohort, SeriesRow } from './minute-rows.js';
import { decodeSketch, encodeSketch } from './sketch-codec.js';

/** Rows per statement: 10 parameters each stays far below both engines' limits. */
const CHUNK = 500;
const SERIES_KEY = ['minute', 'metric', 'flag', 'cohort'] as const;
/**
 * `minute` is a 32-bit integer on PostgreSQL, which refuses a wider bound in a query (a
 * summary of the year 9999): no stored minute lies outside, so bounds are clamped to it.
 */
const MINUTES = { min: -(2 ** 31), max: 2 ** 31 - 1 } as const;

/**
 * Metric aggregates in `metric_minutes`, `metric_exposures` and `metric_events`. Counts merge in
 * SQL (`on conflict do update set count = count + excluded.count`); a series minute, whose
 * sketch only JavaScript can merge, is read, merged and written back under a row lock. Rows are
 * written in key order so that concurrent merges lock in the same order.
 */
export class KyselyMetricStore implements MetricStore {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async merge(rows: MinuteRows): Promise<void> {
    const series = [...rows.series].sort(compareSeries);
    for (let i = 0; i < series.length; i += CHUNK) {
      await this.#mergeSeries(series.slice(i, i + CHUNK));
    }
    const exposures = [...rows.exposures].sort(compareExposures);
    for (let i = 0; i < exposures.length; i += CHUNK) {
      await this.#addExposures(exposures.slice(i, i + CHUNK));
    }
    const events = [...rows.events].sort(compareEvents);
    for (let i = 0; i < events.length; i += CHUNK) {
      await this.#addEvents(events.slice(i, i + CHUNK));
    }
  }

  async load(filter: MinuteFilter): Promise<MinuteRows> {
    const { flag, metric } = filter;
    const fromMinute = clampMinute(filter.fromMinute);
    const toMinute = clampMinute(filter.toMinute);
    const series = await this.db
      .selectFrom('metric_minutes')
      .selectAll()
      .where('minute', '>=', fromMinute)
      .where('minute', '<', toMinute)
      .$if(flag !== undefined, (q) => q.where('flag', '=', flag ?? ''))
      .$if(metric !== undefined, (q) => q.where('metric', '=', metric ?? ''))
      .execute();
    const events = await this.db
      .selectFrom('metric_events')
      .selectAll()
      .where('minute', '>=', fromMinute)
      .where('minute', '<', toMinute)
      .$if(flag !== undefined, (q) => q.where('flag', '=', flag ?? ''))
      .$if(metric !== undefined, (q) => q.where('name', '=', metric ?? ''))
      .execute();
    const exposures =
      metric !== undefined
        ? []
        : await this.db
            .selectFrom('metric_exposures')
            .selectAll()
            .where('minute', '>=', fromMinute)
            .where('minute', '<', toMinute)
            .$if(flag !== undefined, (q) => q.where('flag', '=', flag ?? ''))
            .execute();
    return {
      series: series.map(toSeriesRow),
      events: events.map((r) => ({ ...r, flag: flagOf(r.flag), cohort: r.cohort as RowCohort })),
      exposures: exposures.map((r) => ({ ...r, cohort: r.cohort === 'on' ? 'on' : 'off' })),
    };
  }

  /**
   * Creates the missing rows and locks them all, in key order (a no-op update locks an
   * existing row; a concurrent insert of the same key waits for the other transaction), then
   * merges in JavaScript and writes the rows back.
   */
  async #mergeSeries(rows: readonly SeriesRow[]): Promise<void> {
    await this.db
      .insertInto('metric_minutes')
      .values(rows.map((r) => ({ ...keyOf(r), ...columnsOf(emptyBucket()) })))
      .onConflict((oc) =>
        oc.columns(SERIES_KEY).doUpdateSet((eb) => ({ count: eb.ref('metric_minutes.count') })),
      )
      .execute();
    const stored = await this.db
      .selectFrom('metric_minutes')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('minute', 'metric', 'flag', 'cohort'),
          'in',
          rows.map((r) => eb.tuple(r.minute, r.metric, r.flag ?? '', r.cohort)),
        ),
      )
      .execute();
    const byKey = new Map(stored.map((s) => [keyText(s), s]));
    const merged = rows.map((row) => {
      const current = byKey.get(keyText(keyOf(row)));
      const bucket = current === undefined ? emptyBucket() : bucketOf(current);
      mergeBucket(bucket, row.bucket);
      return { ...keyOf(row), ...columnsOf(bucket) };
    });
    await this.db
      .insertInto('metric_minutes')
      .values(merged)
      .onConflict((oc) =>
        oc.columns(SERIES_KEY).doUpdateSet((eb) => ({
          count: eb.ref('excluded.count'),
          sum: eb.ref('excluded.sum'),
          sum_squares: eb.ref('excluded.sum_squares'),
          min: eb.ref('excluded.min'),
          max: eb.ref('excluded.max'),
          sketch: eb.ref('excluded.sketch'),
        })),
      )
      .execute();
  }

  async #addExposures(rows: readonly ExposureRow[]): Promise<void> {
    await this.db
      .insertInto('metric_exposures')
      .values(
        rows.map((r) => ({ minute: r.minute, flag: r.flag, cohort: r.cohort, count: r.count })),
      )
      .onConflict((oc) =>
        oc.columns(['minute', 'flag', 'cohort']).doUpdateSet((eb) => ({
          count: eb('metric_exposures.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }

  async #addEvents(rows: readonly EventRow[]): Promise<void> {
    await this.db
      .insertInto('metric_events')
      .values(
        rows.map((r) => ({
          minute: r.minute,
          name: r.name,
          flag: r.flag ?? '',
          cohort: r.cohort,
          count: r.count,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['minute', 'name', 'flag', 'cohort']).doUpdateSet((eb) => ({
          count: eb('metric_events.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }
}

/**
 * Errors after which the whole merge may simply be run again: a deadlock or serialization
 * failure between concurrent merges on PostgreSQL.
 */
export function isRetryableMergeError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

interface SeriesKey {
  readonly minute: number;
  readonly metric: string;
  readonly flag: string;
  readonly cohort: string;
}

function keyOf(row: SeriesRow): SeriesKey {
  return { minute: row.minute, metric: row.metric, flag: row.flag ?? '', cohort: row.cohort };
}

function keyText(key: SeriesKey): string {
  return `${key.minute}\u0000${key.metric}\u0000${key.flag}\u0000${key.cohort}`;
}

function flagOf(stored: string): string | null {
  return stored === '' ? null : stored;
}

function columnsOf(bucket: MinuteBucket) {
  const sketch = bucket.sketch !== null && bucket.sketch.count > 0 ? bucket.sketch : null;
  return {
    count: bucket.count,
    sum: bucket.sum,
    sum_squares: bucket.sumSquares,
    min: Number.isFinite(bucket.min) ? bucket.min : null,
    max: Number.isFinite(bucket.max) ? bucket.max : null,
    sketch: sketch === null ? null : encodeSketch(sketch),
  };
}

function bucketOf(row: Selectable<MetricMinutesTable>): MinuteBucket {
  return {
    count: row.count,
    sum: row.sum,
    sumSquares: row.sum_squares,
    min: row.min ?? Infinity,
    max: row.max ?? -Infinity,
    sketch: row.sketch === null ? null : decodeSketch(row.sketch),
  };
}

function toSeriesRow(row: Selectable<MetricMinutesTable>): SeriesRow {
  return {
    minute: row.minute,
    metric: row.metric,
    flag: flagOf(row.flag),
    cohort: row.cohort as RowCohort,
    bucket: bucketOf(row),
  };
}

function compareSeries(a: SeriesRow, b: SeriesRow): number {
  return compareKeys(
    [a.minute, a.metric, a.flag ?? '', a.cohort],
    [b.minute, b.metric, b.flag ?? '', b.cohort],
  );
}

function compareExposures(a: ExposureRow, b: ExposureRow): number {
  return compareKeys([a.minute, a.flag, a.cohort], [b.minute, b.flag, b.cohort]);
}

function compareEvents(a: EventRow, b: EventRow): number {
  return compareKeys(
    [a.minute, a.name, a.flag ?? '', a.cohort],
    [b.minute, b.name, b.flag ?? '', b.cohort],
  );
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function clampMinute(minute: number): number {
  return Math.min(MINUTES.max, Math.max(MINUTES.min, minute));
}
