import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Reason, evaluate } from '@ramp/sdk/engine';
import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import { parsePlan, planFromObject } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { formatTimeline } from './format-timeline.js';
import { Random } from './random.js';
import { parseScenario, scenarioFromObject, type Scenario } from './scenario.js';
import { SessionPool, sessionId } from './session-pool.js';
import { simulate, type Timeline } from './simulate.js';
import { TrafficGenerator } from './traffic.js';

const file = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../../../${path}`, import.meta.url)), 'utf8');

function ok<T>(result: { ok: true; value: T } | { ok: false; errors: readonly unknown[] }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const plan = ok(parsePlan(file('examples/memory-system-rollout.yaml')));
const scenario = (name: string): Scenario =>
  ok(parseScenario(file(`examples/scenarios/${name}.yaml`)));
const pool = new SessionPool();
const decisions = (t: Timeline) => t.entries.map((e) => e.outcome.decision);

describe('simulate the memory-system plan', () => {
  it('healthy: every gate passes and the rollout reaches 100%', () => {
    const timeline = simulate(plan, scenario('healthy'), { seed: 1, pool });
    expect(timeline.stopped).toBe('finished');
    expect(timeline.final).toMatchObject({
      status: 'completed',
      percentages: { enhanced_injection: 100, hierarchical_tiers: 100, cross_agent_sharing: 100 },
    });
    expect(decisions(timeline).filter((d) => d === 'ROLLBACK' || d === 'PAUSE')).toEqual([]);
    expect(decisions(timeline).filter((d) => d === 'APPROVE')).toHaveLength(4);
    const last = timeline.entries.at(-1)!.outcome;
    expect(last.evidence.filter((e) => e.kind === 'gate').map((e) => [e.name, e.verdict])).toEqual([
      ['latency-p95', 'pass'],
      ['heap', 'pass'],
      ['no-rollbacks', 'pass'],
      ['exposure-split', 'pass'],
      ['error-rate', 'pass'],
      ['cache-hit-rate', 'pass'],
      ['latency-vs-off', 'pass'],
      ['errors-vs-off', 'pass'],
    ]);
  });

  it('latency-regression: rolled back to 0 by the latency trigger about 10 minutes after the regression', () => {
    const timeline = simulate(plan, scenario('latency-regression'), { seed: 1, pool });
    const rollback = timeline.entries.find((e) => e.outcome.decision === 'ROLLBACK')!;
    expect(timeline.final).toMatchObject({ status: 'rolled-back', by: 'latency-p95-rollback' });
    expect(timeline.final.percentages).toEqual({
      enhanced_injection: 0,
      hierarchical_tiers: 0,
      cross_agent_sharing: 0,
    });
    expect(rollback.elapsedMs / 60_000).toBeGreaterThanOrEqual(190);
    expect(rollback.elapsedMs / 60_000).toBeLessThanOrEqual(193);
    const fired = rollback.outcome.evidence.filter((e) => e.verdict === 'fired').map((e) => e.name);
    expect(fired).toEqual(['latency-p95-rollback']);
    expect(decisions(timeline)).not.toContain('PAUSE');
  });

  it('alert-burst: the third critical alert within 4 hours pauses for a person', () => {
    const timeline = simulate(plan, scenario('alert-burst'), { seed: 1, pool });
    expect(timeline.stopped).toBe('waiting-for-a-person');
    expect(timeline.final).toMatchObject({ status: 'paused', by: 'critical-alerts-pause' });
    const pause = timeline.entries.at(-1)!;
    expect(pause.outcome.decision).toBe('PAUSE');
    expect(pause.elapsedMs).toBe((6 * 60 + 31) * 60_000);
    expect(pause.outcome.evidence.find((e) => e.name === 'critical-alerts-rollback')).toMatchObject(
      { verdict: 'clear', value: 3 },
    );
  });

  it('is deterministic for a seed', () => {
    const short = { ...scenario('latency-regression'), durationMs: 4 * 3_600_000 };
    const a = simulate(plan, short, { seed: 7 });
    const b = simulate(plan, short, { seed: 7 });
    expect(b).toEqual(a);
    const c = simulate(plan, short, { seed: 8 });
    expect(c.entries.at(-1)!.outcome.evidence).not.toEqual(a.entries.at(-1)!.outcome.evidence);
  });

  it('prints a timeline of decisions with their evidence', () => {
    const text = formatTimeline(simulate(plan, scenario('latency-regression'), { seed: 1, pool }));
    expect(text).toContain(
      'plan memory-system, scenario latency-regression, seed 1, from 2025-06-02T09:00:00Z',
    );
    expect(text).toMatch(/\+00:00 {2}GO {8}readiness confirmed; starting phase canary step 1 of 2/);
    expect(text).toContain('enhanced_injection 0% → 10%, hierarchical_tiers 0% → 10%');
    expect(text).toMatch(/\+03:1\d {2}ROLLBACK {2}rollback to enhanced_injection 0%/);
    expect(text).toMatch(
      /! trigger latency-p95-rollback: p95 injection_latency [\d.]+ ms > 500 ms over the last 5 min \(n = [\d,]+\): breach 10 of 10 min: fired/,
    );
    expect(text).toMatch(/finished \(rolled-back\) after 3 h 1\d min of simulated time/);
  });
});

describe('synthetic traffic', () => {
  it('assigns cohorts exactly as the SDK engine evaluates the same session ids', () => {
    const nested = ok(
      planFromObject({
        name: 'n',
        flags: [
          { key: 'a', bucketBy: 'g' },
          { key: 'b', bucketBy: 'g', requires: ['a'] },
          { key: 'c', requires: ['a'] },
        ],
        phases: [{ name: 'p', percentages: { a: 37.5, b: 12.25, c: 30 }, bake: '1h' }],
      }),
    );
    const percentages = { a: 37.5, b: 12.25, c: 30 };
    const store = new MemoryMetricStore();
    const traffic = new TrafficGenerator({
      plan: nested,
      pool: new SessionPool(),
      random: new Random(1),
      store,
      cohortFlag: null,
    });
    const model = { sessionsPerMinute: 5000, metrics: [] };
    traffic.minute(model, percentages, 0, 1000);
    const configs = nested.flags.map((f: Plan['flags'][number]) => ({
      key: f.key,
      enabled: true,
      percentage: percentages[f.key as 'a'],
      bucketBy: f.bucketBy ?? undefined,
      requires: f.requires,
    }));
    const lookup = (key: string) => configs.find((c) => c.key === key);
    for (const config of configs) {
      let on = 0;
      for (let i = 1000; i < 6000; i++)
        if (evaluate(config, sessionId(i), { lookup }).enabled) on++;
      expect(store.exposures({ flag: config.key, from: 0, to: 60_000 })).toEqual({
        on,
        off: 5000 - on,
      });
    }
    expect(Reason.ROLLOUT_IN).toBe('ROLLOUT_IN');
  });

  it('records each group of sessions for every flag, with the scenario distributions', () => {
    const s = ok(
      scenarioFromObject({
        name: 't',
        duration: '1m',
        sessionsPerMinute: 2000,
        metrics: {
          requests: { perSession: 1 },
          errors: { bernoulli: { p: 0.5 }, on: { p: 0 } },
          heap: { normal: { mean: 10, sd: 0 }, scope: 'global', samplesPerMinute: 3 },
        },
      }),
    );
    const store = new MemoryMetricStore();
    const traffic = new TrafficGenerator({
      plan,
      pool,
      random: new Random(2),
      store,
      cohortFlag: 'enhanced_injection',
    });
    traffic.minute(
      s.epochs[0]!.model,
      { enhanced_injection: 50, hierarchical_tiers: 50, cross_agent_sharing: 0 },
      0,
      0,
    );
    const read = (metric: string, flag: string | null, cohort: 'on' | 'off') =>
      store.series({ metric, flag, cohort, from: 0, to: 60_000 });
    const exposures = store.exposures({ flag: 'enhanced_injection', from: 0, to: 60_000 });
    expect(read('requests', 'enhanced_injection', 'on').count).toBe(exposures.on);
    expect(read('errors', 'enhanced_injection', 'on').count).toBe(0);
    expect(read('errors', 'enhanced_injection', 'off').count / exposures.off).toBeCloseTo(0.5, 1);
    expect(read('errors', 'cross_agent_sharing', 'off').count).toBe(
      read('errors', 'enhanced_injection', 'off').count,
    );
    expect(read('heap', null, 'on')).toMatchObject({ count: 3, sum: 30 });
  });
});
