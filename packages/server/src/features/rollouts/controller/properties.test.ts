import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import { parsePlan, planFromObject } from '../plan/parse-plan.js';
import { finalStop, type Plan } from '../plan/plan.js';
import { Random } from '../simulation/random.js';
import { approve, confirmReadiness, hold, resume, rollback } from './commands.js';
import { decide } from './decide.js';
import type { CommandResult, Outcome } from './outcome.js';
import { initialState, positionOf, type RunState } from './state.js';

/**
 * The controller's invariants, over random worlds (latency, errors, alerts and exposures
 * minute by minute) and random commands from people, for the golden plan and the example:
 *
 * 1. the percentages never exceed the current phase's percentages;
 * 2. the run never advances past a gate that fails or is inconclusive;
 * 3. a rollback always lands: every flag is set to the target, never upwards;
 * 4. the actions take the old percentages to the new ones.
 */

const MINUTE = 60_000;
const root = (path: string): string =>
  fileURLToPath(new URL(`../../../../../../${path}`, import.meta.url));
const spec = JSON.parse(readFileSync(root('spec/rollout-decisions.json'), 'utf8')) as {
  plans: { golden: unknown };
};

function compiled(result: ReturnType<typeof planFromObject>): Plan {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const golden = compiled(planFromObject(spec.plans.golden));
const memory = compiled(
  parsePlan(readFileSync(root('examples/memory-system-rollout.yaml'), 'utf8')),
);

interface World {
  readonly seed: number;
  readonly badLatency: number;
  readonly errorRate: number;
  readonly alertsPerHour: number;
  readonly skew: number;
  readonly quiet: number;
  readonly commandRate: number;
}

const worlds = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  badLatency: fc.constantFrom(0, 0.02, 0.3, 1),
  errorRate: fc.constantFrom(0, 0.002, 0.02, 0.2),
  alertsPerHour: fc.constantFrom(0, 0.5, 3),
  skew: fc.constantFrom(0, 0.05),
  quiet: fc.constantFrom(0, 0.3),
  commandRate: fc.constantFrom(0, 0.02, 0.1),
});

function record(
  plan: Plan,
  store: MemoryMetricStore,
  state: RunState,
  at: number,
  w: World,
  random: Random,
): void {
  if (random.next() < w.quiet) return;
  const latency = random.next() < w.badLatency ? 700 : 120;
  const primary = plan.flags[0]?.key ?? '';
  for (const flag of plan.flags) {
    const share = Math.min(
      1,
      Math.max(
        0,
        (state.percentages[flag.key] ?? 0) / 100 + (random.next() < 0.5 ? w.skew : -w.skew),
      ),
    );
    const on = Math.round(100 * share);
    store.addExposures(flag.key, at, { on, off: 100 - on });
    for (const [cohort, n] of [
      ['on', on],
      ['off', 100 - on],
    ] as const) {
      const value = cohort === 'on' && flag.key === primary ? latency : 120;
      store.addValues({ metric: 'latency_ms', flag: flag.key, cohort }, at, [value], n);
      store.addValues({ metric: 'injection_latency_ms', flag: flag.key, cohort }, at, [value], n);
      for (const metric of ['requests', 'cache_lookups'])
        store.addCount({ metric, flag: flag.key, cohort }, at, n);
      store.addCount(
        { metric: 'errors', flag: flag.key, cohort },
        at,
        random.binomial(n, w.errorRate),
      );
      store.addCount({ metric: 'cache_hits', flag: flag.key, cohort }, at, random.binomial(n, 0.8));
    }
  }
  store.addValues({ metric: 'heap_used_mb', flag: null, cohort: 'all' }, at, [380]);
  const alerts = random.poisson(w.alertsPerHour / 60);
  for (const metric of ['alerts', 'critical_alerts'])
    store.addCount({ metric, flag: null, cohort: 'all' }, at, alerts);
}

function command(plan: Plan, state: RunState, now: number, random: Random): CommandResult {
  const pick = random.int(6);
  const names = ['alice', 'bob', 'carol', 'dave', 'ops', ''];
  const name = names[random.int(names.length)] ?? '';
  switch (pick) {
    case 0:
      return approve(
        plan,
        state,
        { name, rationale: random.next() < 0.9 ? 'looks good' : ' ' },
        now,
      );
    case 1:
      return hold(plan, state, { actor: name, reason: 'checking a dashboard' }, now);
    case 2:
      return resume(plan, state, { actor: name }, now);
    case 3:
      return rollback(plan, state, { actor: name, reason: 'manual' }, now);
    default: {
      const item = plan.readiness[random.int(plan.readiness.length + 1)]?.id ?? 'nope';
      return confirmReadiness(plan, state, { item, name }, now);
    }
  }
}

function phaseCeiling(plan: Plan, state: RunState): Readonly<Record<string, number>> | null {
  const at = positionOf(state);
  const index = state.status === 'completed' ? plan.phases.length - 1 : at?.phase;
  const phase = index === undefined ? undefined : plan.phases[index];
  return phase === undefined ? null : finalStop(phase).percentages;
}

function checkInvariants(plan: Plan, before: RunState, outcome: Outcome): void {
  const after = outcome.nextState;
  // 1. Never above the phase's percentages (and all 0 before any phase).
  const ceiling = phaseCeiling(plan, after);
  for (const flag of plan.flags) {
    expect(after.percentages[flag.key] ?? 0).toBeLessThanOrEqual(ceiling?.[flag.key] ?? 0);
  }
  // 2. Advancing out of a bake needs every gate of the phase to pass.
  const from = positionOf(before);
  const advanced =
    outcome.actor === 'controller' &&
    from !== null &&
    (after.status === 'completed' ||
      (after.status === 'awaiting-approval' && before.status !== 'awaiting-approval') ||
      (positionOf(after)?.phase ?? -1) > from.phase);
  if (advanced) {
    const gates = outcome.evidence.filter((e) => e.kind === 'gate');
    expect(gates).toHaveLength(plan.phases[from.phase]?.gates.length ?? 0);
    for (const gate of gates) expect(gate.verdict).toBe('pass');
  }
  // 3. A rollback sets every flag, never upwards.
  if (outcome.decision === 'ROLLBACK') {
    const set = outcome.actions.filter((a) => a.kind === 'set-percentage');
    expect(set.map((a) => a.flag).sort()).toEqual(plan.flags.map((f) => f.key).sort());
    for (const a of set) expect(a.to).toBeLessThanOrEqual(a.from);
    expect(after.status).toBe('rolled-back');
  }
  // 4. The actions are exactly the change of percentages.
  const applied: Record<string, number> = { ...before.percentages };
  for (const a of outcome.actions) if (a.kind === 'set-percentage') applied[a.flag] = a.to;
  expect(applied).toEqual({ ...after.percentages });
}

function run(plan: Plan, world: World, minutes: number, seen: Set<string>): void {
  const random = new Random(world.seed);
  const store = new MemoryMetricStore();
  const start = (plan.startAt ?? 0) - 30 * MINUTE;
  let state: RunState = initialState(plan, start);
  for (let i = 0; i < minutes; i++) {
    const now = start + i * MINUTE;
    const pending =
      state.status === 'pending'
        ? plan.readiness.find((r) => !state.confirmations.some((c) => c.item === r.id))
        : undefined;
    if (pending !== undefined)
      state =
        unwrap(confirmReadiness(plan, state, { item: pending.id, name: pending.owner }, now)) ??
        state;
    if (random.next() < world.commandRate) {
      const result = command(plan, state, now, random);
      if (result.ok) {
        checkInvariants(plan, state, result.outcome);
        state = result.outcome.nextState;
      }
    }
    const outcome = decide(plan, state, store, now);
    checkInvariants(plan, state, outcome);
    seen.add(`${outcome.decision} ${outcome.nextState.status}`);
    state = outcome.nextState;
    record(plan, store, state, now, world, random);
  }
}

function unwrap(result: CommandResult): RunState | null {
  return result.ok ? result.outcome.nextState : null;
}

describe('controller invariants (fast-check)', () => {
  it('hold for the golden plan over random worlds and commands', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(worlds, (world) => run(golden, world, 400, seen)),
      { numRuns: 40, seed: 20250101 },
    );
    // The worlds are varied enough to reach every decision the controller makes.
    for (const reached of [
      'GO completed',
      'GO awaiting-approval',
      'HOLD held',
      'PAUSE paused',
      'ROLLBACK rolled-back',
    ]) {
      expect(seen).toContain(reached);
    }
  });

  it('hold for the memory-system example, compressed into its first day and a half', () => {
    const fast = {
      ...memory,
      phases: memory.phases.map((p) => ({
        ...p,
        bakeMs: 90 * MINUTE,
        holdForMs: 20 * MINUTE,
        stops: p.stops.map((s) => ({ ...s, waitMs: s.waitMs === null ? null : 30 * MINUTE })),
      })),
    };
    fc.assert(
      fc.property(worlds, (world) => run(fast, world, 480, new Set())),
      { numRuns: 10, seed: 20250602 },
    );
  });
});
