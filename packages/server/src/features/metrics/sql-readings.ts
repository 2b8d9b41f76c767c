import { MemoryMetricStore, type Readings } from '../rollouts/index.js';
import type { MetricStore } from './metric-store.js';
import { MINUTE_MS, type MinuteRows } from './minute-rows.js';

/** A window of time, `[from, to)` in epoch ms, as `readingsWindow` returns it. */
export interface ReadingsWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * The controller's `Readings` over the stored minute rows of a window: loads them once and
 * answers `series` and `exposures` with MemoryMetricStore's own merging, so the server reads
 * exactly what the simulator reads. Queries must lie inside the loaded window. Events count
 * into the series of their name, as counters do.
 *
 * @example
 * const window = readingsWindow(plan, state, now);
 * const readings = await loadReadings(store, window ?? { from: now, to: now });
 * const outcome = decide(plan, state, readings, now);
 */
export async function loadReadings(
  store: MetricStore,
  window: ReadingsWindow,
  options: { readonly flag?: string; readonly metric?: string } = {},
): Promise<Readings> {
  const rows = await store.load({
    fromMinute: Math.ceil(window.from / MINUTE_MS),
    toMinute: Math.ceil(window.to / MINUTE_MS),
    flag: options.flag,
    metric: options.metric,
  });
  return readingsFromRows(rows);
}

/** A MemoryMetricStore holding the rows (stored, or straight from a batch). */
export function readingsFromRows(rows: MinuteRows): MemoryMetricStore {
  const readings = new MemoryMetricStore();
  for (const row of rows.series) {
    const key = { metric: row.metric, flag: row.flag, cohort: row.cohort };
    readings.addBucket(key, row.minute * MINUTE_MS, row.bucket);
  }
  for (const row of rows.events) {
    const key = { metric: row.name, flag: row.flag, cohort: row.cohort };
    readings.addCount(key, row.minute * MINUTE_MS, row.count);
  }
  for (const row of rows.exposures) {
    const counts = row.cohort === 'on' ? { on: row.count, off: 0 } : { on: 0, off: row.count };
    readings.addExposures(row.flag, row.minute * MINUTE_MS, counts);
  }
  return readings;
}
