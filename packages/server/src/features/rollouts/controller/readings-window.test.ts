import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import type { Readings, SeriesQuery } from '../metrics/readings.js';
import { planFromObject } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { decide } from './decide.js';
import { readingsWindow } from './readings-window.js';
import { initialState, type RunState } from './state.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);

const plan = ((): Plan => {
  const result = planFromObject({
    name: 'w',
    flags: [{ key: 'f' }],
    triggers: [
      { metric: 'lat', stat: 'p95', above: 500, for: '10m', action: 'rollback' },
      { metric: 'alerts', atLeast: 3, within: '4h', action: 'pause' },
    ],
    gates: [{ metric: 'lat', stat: 'p95', below: 200, window: 'phase' }],
    phases: [
      {
        name: 'one',
        steps: [{ percentages: { f: 5 }, wait: '1h' }],
        percentages: { f: 10 },
        bake: '2h',
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
})();

const running = (observeFrom: number, now: number): RunState => ({
  status: 'running',
  plan: 'w',
  since: now - 2 * 60 * MINUTE,
  percentages: { f: 10 },
  confirmations: [],
  startedAt: observeFrom,
  observeFrom,
  at: {
    phase: 0,
    step: 1,
    stepStartedAt: now - 2 * 60 * MINUTE,
    phaseStartedAt: now - 3 * 60 * MINUTE,
  },
  holds: 0,
});

describe('readingsWindow', () => {
  it('reaches back to the earliest data any trigger or gate of the phase reads', () => {
    const now = T0 + 10 * 60 * MINUTE;
    expect(readingsWindow(plan, running(T0, now), now)).toEqual({
      from: now - 4 * 60 * MINUTE,
      to: now,
    });
    expect(readingsWindow(plan, running(now - 30 * MINUTE, now), now)).toEqual({
      from: now - 3 * 60 * MINUTE,
      to: now,
    });
    expect(readingsWindow(plan, initialState(plan, T0), now)).toBeNull();
  });

  it('covers every read decide makes', () => {
    const now = T0 + 10 * 60 * MINUTE;
    const state = running(T0, now);
    const window = readingsWindow(plan, state, now)!;
    const store = new MemoryMetricStore();
    const reads: SeriesQuery[] = [];
    const spy: Readings = {
      series: (q) => (reads.push(q), store.series(q)),
      exposures: (q) => store.exposures(q),
    };
    decide(plan, state, spy, now);
    expect(reads.length).toBeGreaterThan(0);
    for (const q of reads) expect(q.from).toBeGreaterThanOrEqual(window.from);
  });
});
