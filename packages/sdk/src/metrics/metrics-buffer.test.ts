import { describe, expect, it } from 'vitest';
import { itemsIn } from './batch.js';
import { MetricsBuffer } from './metrics-buffer.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const on = { checkout: 'on' } as const;
const off = { checkout: 'off' } as const;

describe('MetricsBuffer', () => {
  it('holds at most its capacity, then drops and counts, and reports the count once', () => {
    const buffer = new MetricsBuffer(3);
    for (let i = 0; i < 5; i++) buffer.observe('latency_ms', i, T0, on);
    buffer.event('critical_alert', T0, {}, undefined);
    expect(buffer.size).toBe(3);
    expect(buffer.dropped).toBe(3);
    const batch = buffer.take(100)!;
    expect(batch.observations.map((o) => o.value)).toEqual([0, 1, 2]);
    expect(batch.dropped).toBe(3);
    expect(buffer.size).toBe(0);
    expect(buffer.take(100)).toBeUndefined();
  });

  it('sums a counter per metric, minute and cohorts into one item', () => {
    const buffer = new MetricsBuffer(10);
    buffer.count('errors', 1, T0, on);
    buffer.count('errors', 2, T0 + 59_000, on);
    buffer.count('errors', 1, T0, off);
    buffer.count('errors', 1, T0 + MINUTE, on);
    expect(buffer.size).toBe(3);
    const { counters } = buffer.take(100)!;
    expect(counters).toEqual([
      { metric: 'errors', count: 3, at: T0, cohorts: on },
      { metric: 'errors', count: 1, at: T0, cohorts: off },
      { metric: 'errors', count: 1, at: T0 + MINUTE, cohorts: on },
    ]);
  });

  it('counts exposures per flag and minute in place, two items per flag and minute', () => {
    const buffer = new MetricsBuffer(100);
    for (let i = 0; i < 1000; i++) buffer.expose('checkout', i % 4 === 0, T0 + i);
    buffer.expose('checkout', true, T0 + MINUTE);
    buffer.expose('search', false, T0 + MINUTE);
    expect(buffer.size).toBe(6);
    expect(buffer.take(100)!.exposures).toEqual([
      { flag: 'checkout', cohort: 'on', count: 250, at: T0 },
      { flag: 'checkout', cohort: 'off', count: 750, at: T0 },
      { flag: 'checkout', cohort: 'on', count: 1, at: T0 + MINUTE },
      { flag: 'search', cohort: 'off', count: 1, at: T0 + MINUTE },
    ]);
  });

  it('drops exposures of a new flag or minute when full, but keeps counting existing ones', () => {
    const buffer = new MetricsBuffer(2);
    buffer.expose('a', true, T0);
    buffer.expose('b', true, T0);
    buffer.expose('a', false, T0);
    buffer.expose('a', false, T0 + MINUTE);
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(100)!.exposures).toEqual([
      { flag: 'a', cohort: 'on', count: 1, at: T0 },
      { flag: 'a', cohort: 'off', count: 1, at: T0 },
    ]);
  });

  it('takes at most `max` items per batch, aggregated kinds first, the rest later', () => {
    const buffer = new MetricsBuffer(100);
    for (let i = 0; i < 10; i++) buffer.observe('latency_ms', i, T0, on);
    buffer.count('errors', 1, T0, on);
    buffer.event('critical_alert', T0, on, { source: 'pager' });
    buffer.expose('checkout', true, T0);
    buffer.drop(4);
    const first = buffer.take(5)!;
    expect(itemsIn(first)).toBe(5);
    expect(first.exposures).toHaveLength(1);
    expect(first.counters).toHaveLength(1);
    expect(first.events).toEqual([
      { name: 'critical_alert', at: T0, cohorts: on, attributes: { source: 'pager' } },
    ]);
    expect(first.observations.map((o) => o.value)).toEqual([0, 1]);
    expect(first.dropped).toBe(4);
    const second = buffer.take(5)!;
    expect(second.observations.map((o) => o.value)).toEqual([2, 3, 4, 5, 6]);
    expect(second.dropped).toBe(0);
    expect(itemsIn(buffer.take(5)!)).toBe(3);
  });
});
