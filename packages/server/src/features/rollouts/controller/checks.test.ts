import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import type { Readings } from '../metrics/readings.js';
import { planFromObject } from '../plan/parse-plan.js';
import type { Gate, Plan, Trigger } from '../plan/plan.js';
import { Random } from '../simulation/random.js';
import { expectedShare, judgeGate } from './gates.js';
import { prometheusQueries } from './prometheus-queries.js';
import type { Position, RunState } from './state.js';
import { checkTrigger } from './triggers.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const at = (minute: number): number => T0 + minute * MINUTE;
const position: Position = { phase: 0, step: 0, stepStartedAt: at(0), phaseStartedAt: at(0) };

const plan = ((): Plan => {
  const result = planFromObject({
    name: 'checks',
    flags: [
      { key: 'f', bucketBy: 'g' },
      { key: 'n', bucketBy: 'g', requires: ['f'] },
      { key: 'x', requires: ['f'] },
    ],
    metrics: {
      latency: { event: 'latency_ms', unit: 'ms' },
      hit_rate: { rate: { numerator: 'hits', denominator: 'lookups' }, better: 'higher' },
      rollbacks: { event: 'rollbacks', scope: 'global' },
      prom_p95: { prometheus: { query: 'p95{flag="{{flag}}",cohort="{{cohort}}"}' }, unit: 'ms' },
    },
    phases: [
      {
        name: 'one',
        percentages: { f: 50, n: 20, x: 10 },
        bake: '1h',
        gates: [
          { name: 'no-rollbacks', metric: 'rollbacks', stat: 'count', atMost: 0 },
          { name: 'latency-vs-off', compare: 'latency', margin: { relative: '5%' } },
          { name: 'hits-vs-off', compare: 'hit_rate', margin: { absolute: '2%' } },
          { name: 'prom', metric: 'prom_p95', below: 200 },
          { name: 'recent-latency', metric: 'latency', stat: 'mean', below: 150, window: '10m' },
        ],
        triggers: [
          {
            name: 'hits-low',
            metric: 'hit_rate',
            below: '50%',
            for: '3m',
            window: '1m',
            minSamples: 10,
            action: 'pause',
          },
          { name: 'latency-worse', compare: 'latency', action: 'rollback' },
          { name: 'prom-high', metric: 'prom_p95', above: 300, for: '2m', action: 'rollback' },
        ],
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
})();

const gate = (name: string): Gate => plan.phases[0]!.gates.find((g) => g.name === name)!;
const trigger = (name: string): Trigger => plan.phases[0]!.triggers.find((t) => t.name === name)!;
const judge = (name: string, readings: Readings, now: number) =>
  judgeGate(gate(name), {
    plan,
    at: position,
    percentages: { f: 50, n: 20, x: 10 },
    readings,
    now,
  });
const check = (name: string, readings: Readings, now: number) =>
  checkTrigger(trigger(name), { plan, at: position, readings, now, observeFrom: at(0) });

/** `minutes` of latency per cohort of f: normal draws around the given means (sd 20). */
function latencies(
  minutes: number,
  perMinute: number,
  means: { on: number; off: number },
): MemoryMetricStore {
  const store = new MemoryMetricStore();
  const random = new Random(3);
  for (let m = 0; m < minutes; m++) {
    for (const cohort of ['on', 'off'] as const) {
      const values = Array.from({ length: perMinute }, () => means[cohort] + 20 * random.normal());
      store.addValues({ metric: 'latency_ms', flag: 'f', cohort }, at(m), values);
    }
  }
  return store;
}

describe('gates', () => {
  it('a count gate passes on zero events: a count needs no minimum sample', () => {
    const e = judge('no-rollbacks', new MemoryMetricStore(), at(60));
    expect(e).toMatchObject({
      verdict: 'pass',
      value: 0,
      text: 'count of rollbacks 0 ≤ 0 over the bake (1 h) (n = 0): pass',
    });
  });

  it('compare: non-inferior within a relative margin', () => {
    const e = judge('latency-vs-off', latencies(60, 100, { on: 101, off: 100 }), at(60));
    expect(e.verdict).toBe('pass');
    expect(e.details['margin']).toBeCloseTo(5, 0);
    expect(e.details['upper']).toBeLessThan(5);
    expect(e.text).toMatch(
      /^mean latency over the bake \(1 h\): ON 101(\.\d+)? ms vs OFF 100(\.\d+)? ms \(n = 6,000 ON \/ 6,000 OFF\): ON − OFF = \+/,
    );
    expect(e.text).toContain('stays below the margin +5');
  });

  it('compare: clearly worse fails, close to the margin is inconclusive and says how much more is needed', () => {
    expect(judge('latency-vs-off', latencies(60, 100, { on: 120, off: 100 }), at(60)).verdict).toBe(
      'fail',
    );
    const close = judge('latency-vs-off', latencies(60, 20, { on: 103.5, off: 100 }), at(60));
    expect(close.verdict).toBe('inconclusive');
    expect(close.details['neededSamples']).toBeGreaterThan(0);
    expect(close.text).toMatch(
      /needs about [\d,]+ more ON samples \(about .+ at the current rate\)/,
    );
  });

  it('compare: for a higher-is-better rate, ON falling short of OFF is the harm', () => {
    const store = new MemoryMetricStore();
    for (let m = 0; m < 60; m++) {
      store.addCount({ metric: 'lookups', flag: 'f', cohort: 'on' }, at(m), 1000);
      store.addCount({ metric: 'lookups', flag: 'f', cohort: 'off' }, at(m), 1000);
      store.addCount({ metric: 'hits', flag: 'f', cohort: 'on' }, at(m), 700);
      store.addCount({ metric: 'hits', flag: 'f', cohort: 'off' }, at(m), 800);
    }
    const e = judge('hits-vs-off', store, at(60));
    expect(e).toMatchObject({ verdict: 'fail', value: expect.closeTo(-0.1, 6), threshold: -0.02 });
    expect(e.text).toContain('lies entirely below the margin -2%');
  });

  it('too few samples for a comparison is inconclusive', () => {
    const e = judge('latency-vs-off', latencies(5, 10, { on: 100, off: 100 }), at(60));
    expect(e).toMatchObject({ verdict: 'inconclusive', details: { on: 50, off: 50 } });
    expect(e.text).toContain('needs about 950 more samples');
  });

  it('a Prometheus gate without a reader has no data (inconclusive), with one it is judged', () => {
    expect(judge('prom', new MemoryMetricStore(), at(60))).toMatchObject({
      verdict: 'inconclusive',
    });
    const store = new MemoryMetricStore();
    const asked: string[] = [];
    const readings: Readings = {
      series: (q) => store.series(q),
      exposures: (q) => store.exposures(q),
      prometheus: (q) => (asked.push(q.query), 150),
    };
    expect(judge('prom', readings, at(60))).toMatchObject({
      verdict: 'pass',
      value: 150,
      sampleSize: null,
    });
    expect(asked).toEqual(['p95{flag="f",cohort="on"}']);
  });

  it('a window of the last 10 minutes reads only those', () => {
    const store = latencies(60, 10, { on: 300, off: 100 });
    for (let m = 50; m < 60; m++)
      store.addValues({ metric: 'latency_ms', flag: 'f', cohort: 'on' }, at(m), [0], 1000);
    const e = judge('recent-latency', store, at(60));
    expect(e).toMatchObject({
      verdict: 'pass',
      sampleSize: 10_100,
      window: { from: at(50), to: at(60) },
    });
  });
});

describe('triggers', () => {
  it('below X for D: every minute of D must breach', () => {
    const store = new MemoryMetricStore();
    const minute = (m: number, hits: number) => {
      store.addCount({ metric: 'lookups', flag: 'f', cohort: 'on' }, at(m), 100);
      store.addCount({ metric: 'hits', flag: 'f', cohort: 'on' }, at(m), hits);
    };
    for (let m = 0; m < 10; m++) minute(m, m < 7 ? 80 : 40);
    expect(check('hits-low', store, at(10))).toMatchObject({
      fired: true,
      evidence: { details: { breaches: 3 }, value: 0.4 },
    });
    expect(check('hits-low', store, at(9))).toMatchObject({
      fired: false,
      evidence: { verdict: 'clear', details: { breaches: 2 } },
    });
  });

  it('ON worse than OFF fires only once the always-valid interval is clear of the margin', () => {
    expect(check('latency-worse', latencies(60, 100, { on: 130, off: 100 }), at(60))).toMatchObject(
      {
        fired: true,
        evidence: { verdict: 'fired', statistic: { name: 'z' } },
      },
    );
    expect(check('latency-worse', latencies(60, 100, { on: 100, off: 100 }), at(60)).fired).toBe(
      false,
    );
    expect(check('latency-worse', latencies(3, 100, { on: 300, off: 100 }), at(3))).toMatchObject({
      fired: false,
      evidence: { verdict: 'no-data' },
    });
  });

  it('a Prometheus trigger asks once per minute of its duration, and prometheusQueries lists those', () => {
    const asked: number[] = [];
    const readings: Readings = {
      series: () =>
        new MemoryMetricStore().series({ metric: 'x', flag: null, cohort: 'all', from: 0, to: 0 }),
      exposures: () => ({ on: 0, off: 0 }),
      prometheus: (q) => (asked.push(q.at), 400),
    };
    expect(check('prom-high', readings, at(30)).fired).toBe(true);
    expect(asked).toEqual([at(30), at(29)]);
    const state: RunState = {
      status: 'running',
      plan: 'checks',
      since: at(0),
      percentages: { f: 50, n: 20, x: 10 },
      confirmations: [],
      startedAt: at(0),
      observeFrom: at(0),
      at: position,
      holds: 0,
    };
    const queries = prometheusQueries(plan, state, at(30));
    expect(queries.map((q) => q.at)).toEqual([at(30), at(29), at(30)]);
    expect(queries[0]).toEqual({ query: 'p95{flag="f",cohort="on"}', url: null, at: at(30) });
  });
});

describe('expectedShare', () => {
  it('is the percentage, nested in the same group, independent across groups', () => {
    const percentages = { f: 50, n: 20, x: 10 };
    expect(expectedShare(plan, 'f', percentages)).toBe(0.5);
    expect(expectedShare(plan, 'n', percentages)).toBe(0.2);
    expect(expectedShare(plan, 'x', percentages)).toBeCloseTo(0.05, 12);
  });
});
