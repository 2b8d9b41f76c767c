import { planFromObject } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { Random } from './random.js';
import { scenarioFromObject, type Scenario } from './scenario.js';
import { SessionPool } from './session-pool.js';
import { simulate, type Timeline } from './simulate.js';

/**
 * How good the controller's automatic decisions are, measured by simulation:
 *
 * - false rollbacks: A/A rollouts (ON and OFF identical, 1% errors, 1,000 sessions a minute)
 *   of a plan that goes 10% → 25% → 50% → 100% with an always-valid ON-vs-OFF rollback
 *   trigger watched every minute; any rollback is a false alarm (target ≤ 1%);
 * - detection: the same plan at 10% with ON failing 2% against OFF's 1%; the share of runs
 *   rolled back within 60 simulated minutes (target ≥ 95%).
 */
export interface DecisionQuality {
  readonly runs: number;
  readonly falseRollback: {
    readonly rollbacks: number;
    readonly rate: number;
    readonly target: number;
    readonly completed: number;
  };
  readonly detection: {
    readonly detected: number;
    readonly rate: number;
    readonly target: number;
    /** Median minutes from the start to the rollback, over detected runs. */
    readonly medianMinutes: number | null;
  };
}

export const QUALITY_PLAN = {
  name: 'decision-quality',
  flags: [{ key: 'new_path' }],
  metrics: { error_rate: { rate: { numerator: 'errors', denominator: 'requests' } } },
  triggers: [
    { name: 'errors-worse-than-off', compare: 'error_rate', action: 'rollback' },
    { name: 'error-rate-spike', metric: 'error_rate', above: '5%', for: '5m', action: 'rollback' },
  ],
  gates: [{ name: 'error-rate', metric: 'error_rate', below: '2%' }, { srm: 'new_path' }],
  phases: [
    { name: 'canary', percentages: { new_path: 10 }, bake: '1h', gates: [compareGate()] },
    { name: 'quarter', percentages: { new_path: 25 }, bake: '1h', gates: [compareGate()] },
    { name: 'half', percentages: { new_path: 50 }, bake: '1h', gates: [compareGate()] },
    { name: 'full', percentages: { new_path: 100 }, bake: '30m' },
  ],
};

function compareGate() {
  return { name: 'errors-vs-off', compare: 'error_rate', margin: { absolute: '1%' } };
}

function scenario(onErrorRate: number, duration: string): unknown {
  return {
    name: onErrorRate === 0.01 ? 'a-a' : 'errors-double',
    duration,
    sessionsPerMinute: 1000,
    metrics: {
      requests: { perSession: 1 },
      errors: { bernoulli: { p: 0.01 }, on: { p: onErrorRate } },
    },
  };
}

/**
 * Runs the study: `runs` A/A rollouts and `runs` regressions, from one seed.
 *
 * @example
 * const q = decisionQuality({ runs: 1000, seed: 1 });
 * q.falseRollback.rate // ≤ 0.01
 */
export function decisionQuality(options: {
  readonly runs: number;
  readonly seed: number;
}): DecisionQuality {
  const plan = compiled(planFromObject(QUALITY_PLAN));
  const aa = compiled(scenarioFromObject(scenario(0.01, '6h')));
  const regression = compiled(scenarioFromObject(scenario(0.02, '60m')));
  const pool = new SessionPool();
  const seeds = new Random(options.seed);
  let rollbacks = 0;
  let completed = 0;
  const detectedAt: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const a = run(plan, aa, seeds.int(2 ** 31), pool);
    if (a.final.status === 'rolled-back') rollbacks++;
    if (a.final.status === 'completed') completed++;
    const b = run(plan, regression, seeds.int(2 ** 31), pool);
    const rollback = b.entries.find((e) => e.outcome.decision === 'ROLLBACK');
    if (rollback !== undefined && rollback.elapsedMs <= 60 * 60_000)
      detectedAt.push(rollback.elapsedMs / 60_000);
  }
  const runs = Math.max(1, options.runs);
  return {
    runs: options.runs,
    falseRollback: { rollbacks, rate: rollbacks / runs, target: 0.01, completed },
    detection: {
      detected: detectedAt.length,
      rate: detectedAt.length / runs,
      target: 0.95,
      medianMinutes: median(detectedAt),
    },
  };
}

function run(plan: Plan, s: Scenario, seed: number, pool: SessionPool): Timeline {
  return simulate(plan, s, { seed, pool });
}

function compiled<T>(
  result: { ok: true; value: T } | { ok: false; errors: readonly unknown[] },
): T {
  if (!result.ok)
    throw new Error(`decision-quality fixture is invalid: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}
