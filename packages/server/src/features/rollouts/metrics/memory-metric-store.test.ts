import { describe, expect, it } from 'vitest';
import { MemoryMetricStore, type SeriesKey } from './memory-metric-store.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const at = (minute: number): number => T0 + minute * MINUTE;
const latencyOn: SeriesKey = { metric: 'latency_ms', flag: 'f', cohort: 'on' };
const latencyOff: SeriesKey = { metric: 'latency_ms', flag: 'f', cohort: 'off' };

describe('MemoryMetricStore', () => {
  it('sums counts, sums and squares over any window by minute bucket', () => {
    const store = new MemoryMetricStore();
    for (let m = 0; m < 10; m++) store.addValues(latencyOn, at(m) + 1234, [m, m + 1]);
    const window = store.series({ ...latencyOn, from: at(2), to: at(5) });
    expect(window.count).toBe(6);
    expect(window.sum).toBe(2 + 3 + 3 + 4 + 4 + 5);
    expect(window.sumSquares).toBe(4 + 9 + 9 + 16 + 16 + 25);
    expect(window.min()).toBe(2);
    expect(window.max()).toBe(5);
  });

  it('merges sketches for quantiles within 1% of the true value', () => {
    const store = new MemoryMetricStore();
    const all: number[] = [];
    for (let m = 0; m < 60; m++) {
      const values = Array.from({ length: 100 }, (_, i) => 50 + ((m * 37 + i * 11) % 400));
      all.push(...values);
      store.addValues(latencyOn, at(m), values);
    }
    all.sort((a, b) => a - b);
    const window = store.series({ ...latencyOn, from: at(0), to: at(60) });
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = all[Math.ceil(q * all.length) - 1]!;
      expect(Math.abs(window.quantile(q)! - exact) / exact).toBeLessThanOrEqual(0.0201);
    }
  });

  it('reads both cohorts merged with cohort all, and keeps them apart otherwise', () => {
    const store = new MemoryMetricStore();
    store.addValues(latencyOn, at(0), [100, 200]);
    store.addValues(latencyOff, at(0), [300]);
    const both = store.series({ ...latencyOn, cohort: 'all', from: at(0), to: at(1) });
    expect([both.count, both.sum, both.min(), both.max()]).toEqual([3, 600, 100, 300]);
    expect(both.quantile(1)).toBeCloseTo(300, -1);
    expect(store.series({ ...latencyOff, from: at(0), to: at(1) }).count).toBe(1);
  });

  it('keeps global series apart from per-flag ones, and counters without sketches', () => {
    const store = new MemoryMetricStore();
    store.addCount({ metric: 'alerts', flag: null, cohort: 'all' }, at(3), 2);
    store.addCount({ metric: 'alerts', flag: null, cohort: 'all' }, at(4), 1);
    const alerts = store.series({
      metric: 'alerts',
      flag: null,
      cohort: 'on',
      from: at(0),
      to: at(60),
    });
    expect(alerts.count).toBe(3);
    expect(alerts.quantile(0.5)).toBeNull();
    expect(
      store.series({ metric: 'alerts', flag: 'f', cohort: 'on', from: at(0), to: at(60) }).count,
    ).toBe(0);
  });

  it('counts exposures per cohort', () => {
    const store = new MemoryMetricStore();
    store.addExposures('f', at(0), { on: 10, off: 90 });
    store.addExposures('f', at(1), { on: 12, off: 88 });
    expect(store.exposures({ flag: 'f', from: at(0), to: at(2) })).toEqual({ on: 22, off: 178 });
    expect(store.exposures({ flag: 'f', from: at(1), to: at(2) })).toEqual({ on: 12, off: 88 });
  });

  it('accepts late data for an older minute and sees it in cached windows', () => {
    const store = new MemoryMetricStore();
    store.addValues(latencyOn, at(0), [10]);
    store.addValues(latencyOn, at(2), [30]);
    const before = store.series({ ...latencyOn, from: at(0), to: at(3) });
    expect([before.count, before.max()]).toEqual([2, 30]);
    store.addValues(latencyOn, at(1), [500]);
    store.addValues(latencyOn, at(0), [5]);
    const after = store.series({ ...latencyOn, from: at(0), to: at(3) });
    expect([after.count, after.sum, after.min(), after.max()]).toEqual([4, 545, 5, 500]);
  });

  it('treats a window as the minute buckets starting inside [from, to)', () => {
    const store = new MemoryMetricStore();
    store.addCount({ metric: 'e', flag: 'f', cohort: 'on' }, at(5) + 59_999, 1);
    const read = (from: number, to: number) =>
      store.series({ metric: 'e', flag: 'f', cohort: 'on', from, to }).count;
    expect(read(at(5), at(6))).toBe(1);
    expect(read(at(5) + 1, at(7))).toBe(0);
    expect(read(at(4), at(5))).toBe(0);
  });
});
