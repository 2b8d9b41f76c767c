import { MemoryMetricStore } from './memory-metric-store.js';
import type { Cohort } from './readings.js';

const MINUTE = 60_000;

/**
 * Readings written out as JSON: the same per-minute data repeated over time ranges. The golden
 * decision cases (`spec/rollout-decisions.json`) describe their readings this way, so any
 * implementation of the controller can rebuild exactly the data a case was decided on.
 */
export interface ReadingsJson {
  readonly series?: readonly SeriesJson[];
  readonly exposures?: readonly ExposuresJson[];
}

export interface SeriesJson {
  readonly metric: string;
  /** Omitted or null: a global series. */
  readonly flag?: string | null;
  readonly cohort?: Cohort | 'all';
  /** Epoch ms, `[from, to)`, one entry per minute. */
  readonly from: number;
  readonly to: number;
  /** Each minute: `count` events, or `values` as [value, weight] pairs. */
  readonly perMinute: {
    readonly count?: number;
    readonly values?: readonly (readonly [number, number])[];
  };
}

export interface ExposuresJson {
  readonly flag: string;
  readonly from: number;
  readonly to: number;
  readonly perMinute: { readonly on: number; readonly off: number };
}

/** An in-memory store holding the readings a JSON description spells out. */
export function storeFromJson(json: ReadingsJson): MemoryMetricStore {
  const store = new MemoryMetricStore();
  for (const s of json.series ?? []) {
    const flag = s.flag ?? null;
    const key = {
      metric: s.metric,
      flag,
      cohort: flag === null ? 'all' : (s.cohort ?? 'on'),
    } as const;
    for (let at = s.from; at < s.to; at += MINUTE) {
      if (s.perMinute.count !== undefined) store.addCount(key, at, s.perMinute.count);
      for (const [value, weight] of s.perMinute.values ?? [])
        store.addValues(key, at, [value], weight);
    }
  }
  for (const e of json.exposures ?? []) {
    for (let at = e.from; at < e.to; at += MINUTE) store.addExposures(e.flag, at, e.perMinute);
  }
  return store;
}
