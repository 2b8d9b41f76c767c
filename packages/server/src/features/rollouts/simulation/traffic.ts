import { BASIS_POINTS, toBasisPoints } from '@ramp/sdk/engine';
import type { MemoryMetricStore, SeriesKey } from '../metrics/memory-metric-store.js';
import type { Plan } from '../plan/plan.js';
import type { Random } from './random.js';
import type { MetricModel, Params, TrafficModel } from './scenario.js';
import type { SessionPool } from './session-pool.js';

/** Values drawn per cohort combination and minute at most; beyond it each draw is weighted. */
const VALUE_CAP = 2000;

/**
 * One simulated minute of traffic: which sessions are ON for which flag (the SDK's bucketing
 * of fresh synthetic ids at the current percentages), then, per group of sessions with the
 * same flags, their exposures and metrics drawn as counts — errors from a binomial, values
 * (latencies) one per session up to a cap — and recorded for every flag's cohort, as the SDK
 * tags each metric with the session's cohort for every active flag.
 */
export class TrafficGenerator {
  readonly #plan: Plan;
  readonly #pool: SessionPool;
  readonly #random: Random;
  readonly #store: MemoryMetricStore;
  readonly #order: readonly number[];
  readonly #parents: readonly number[];
  readonly #cohortBit: number;

  constructor(parts: {
    plan: Plan;
    pool: SessionPool;
    random: Random;
    store: MemoryMetricStore;
    cohortFlag: string | null;
  }) {
    this.#plan = parts.plan;
    this.#pool = parts.pool;
    this.#random = parts.random;
    this.#store = parts.store;
    const index = new Map(parts.plan.flags.map((f, i) => [f.key, i]));
    this.#parents = parts.plan.flags.map((f) =>
      f.requires.reduce((m, key) => m | (1 << (index.get(key) ?? 0)), 0),
    );
    this.#order = topological(this.#parents);
    this.#cohortBit = 1 << (index.get(parts.cohortFlag ?? '') ?? 0);
  }

  /** Simulates sessions `first .. first+n-1` in the minute starting at `at`. */
  minute(
    model: TrafficModel,
    percentages: Readonly<Record<string, number>>,
    at: number,
    first: number,
  ): number {
    const n = Math.round(model.sessionsPerMinute);
    const groups = this.#assign(n, first, percentages);
    for (const [mask, count] of groups) {
      this.#exposures(mask, count, at);
      const on = (mask & this.#cohortBit) !== 0;
      for (const metric of model.metrics) {
        if (metric.scope === 'cohort')
          this.#cohortMetric(metric, on ? metric.on : metric.off, { mask, count, at });
      }
    }
    for (const metric of model.metrics)
      if (metric.scope === 'global') this.#globalMetric(metric, n, at);
    return n;
  }

  /** Groups sessions by the set of flags they are ON for (a bit mask): mask -> sessions. */
  #assign(
    n: number,
    first: number,
    percentages: Readonly<Record<string, number>>,
  ): Map<number, number> {
    const flags = this.#plan.flags;
    const order = this.#order;
    const points = flags.map((f) => toBasisPoints(percentages[f.key] ?? 0));
    const positions = flags.map((f) => this.#pool.positions(f.bucketBy ?? f.key, first + n));
    const counts = new Float64Array(1 << flags.length);
    for (let s = first; s < first + n; s++) {
      let mask = 0;
      for (let t = 0; t < order.length; t++) {
        const j = order[t] as number;
        const p = points[j] as number;
        const parents = this.#parents[j] as number;
        // The engine's rule: in the rollout when the position is below the basis points.
        const inRollout = p >= BASIS_POINTS || (positions[j] as Uint16Array)[s]! < p;
        if (inRollout && (mask & parents) === parents) mask |= 1 << j;
      }
      counts[mask]! += 1;
    }
    const groups = new Map<number, number>();
    counts.forEach((count, mask) => {
      if (count > 0) groups.set(mask, count);
    });
    return groups;
  }

  #exposures(mask: number, count: number, at: number): void {
    this.#plan.flags.forEach((f, j) => {
      const on = (mask & (1 << j)) !== 0;
      this.#store.addExposures(f.key, at, { on: on ? count : 0, off: on ? 0 : count });
    });
  }

  #cohortMetric(
    metric: MetricModel,
    params: Params,
    group: { mask: number; count: number; at: number },
  ): void {
    const keys: SeriesKey[] = this.#plan.flags.map((f, j) => ({
      metric: metric.name,
      flag: f.key,
      cohort: (group.mask & (1 << j)) !== 0 ? 'on' : 'off',
    }));
    this.#record(metric, params, { units: group.count, at: group.at }, keys);
  }

  #globalMetric(metric: MetricModel, sessions: number, at: number): void {
    const key: SeriesKey = { metric: metric.name, flag: null, cohort: 'all' };
    const perMinute =
      metric.kind === 'lognormal' || metric.kind === 'normal' || metric.kind === 'poisson';
    this.#record(
      metric,
      metric.off,
      { units: perMinute ? metric.samplesPerMinute : sessions, at },
      [key],
    );
  }

  /** Draws `units` of a metric once and records the draw in every series it belongs to. */
  #record(
    metric: MetricModel,
    params: Params,
    draw: { units: number; at: number },
    keys: readonly SeriesKey[],
  ): void {
    const { units, at } = draw;
    const store = this.#store;
    let events: number;
    switch (metric.kind) {
      case 'perSession':
        events = units * (params['count'] ?? 0);
        break;
      case 'bernoulli':
        events = this.#random.binomial(units, params['p'] ?? 0);
        break;
      case 'poisson':
        // Global events at `perHour`, one minute's worth.
        events = this.#random.poisson((params['perHour'] ?? 0) / 60);
        break;
      default: {
        const k = Math.min(units, VALUE_CAP);
        const values = Array.from({ length: k }, () => this.#draw(metric, params));
        for (const key of keys) store.addValues(key, at, values, k > 0 ? units / k : 1);
        return;
      }
    }
    for (const key of keys) store.addCount(key, at, events);
  }

  #draw(metric: MetricModel, params: Params): number {
    if (metric.kind === 'lognormal')
      return this.#random.lognormal(params['median'] ?? 1, params['sigma'] ?? 0);
    return (params['mean'] ?? 0) + (params['sd'] ?? 0) * this.#random.normal();
  }
}

/** Flag indexes with every flag after the flags it requires. */
function topological(parents: readonly number[]): number[] {
  const order: number[] = [];
  const placed = new Set<number>();
  while (order.length < parents.length) {
    const before = order.length;
    parents.forEach((mask, j) => {
      const ready = [...placed].reduce((m, i) => m | (1 << i), 0);
      if (!placed.has(j) && (mask & ready) === mask) {
        order.push(j);
        placed.add(j);
      }
    });
    if (order.length === before) break; // a cycle; plans are checked, so this cannot happen
  }
  return order;
}
