import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePlan, planFromObject, readDocument } from './parse-plan.js';
import { PlanFile } from './plan-schema.js';
import { finalStop, type Plan } from './plan.js';
import { formatPathError } from './schema-check.js';

const EXAMPLE = fileURLToPath(
  new URL('../../../../../../examples/memory-system-rollout.yaml', import.meta.url),
);

function minimal(): Record<string, unknown> {
  return {
    name: 'p',
    flags: [{ key: 'a' }, { key: 'b', requires: ['a'] }],
    phases: [
      {
        name: 'one',
        percentages: { a: 10 },
        bake: '1h',
        triggers: [{ metric: 'lat', stat: 'p95', above: 500, for: '10m', action: 'rollback' }],
      },
      {
        name: 'two',
        percentages: { a: 50, b: 20 },
        bake: '1h',
        triggers: [{ metric: 'lat', stat: 'p95', above: 400, for: '5m', action: 'rollback' }],
      },
    ],
  };
}

function errorsOf(value: unknown): string[] {
  const result = planFromObject(value);
  return result.ok ? [] : result.errors.map(formatPathError);
}

function withPhase(index: number, patch: Record<string, unknown>): Record<string, unknown> {
  const plan = minimal();
  const phases = plan['phases'] as Record<string, unknown>[];
  phases[index] = { ...phases[index], ...patch };
  return plan;
}

describe('the memory-system example plan', () => {
  const result = parsePlan(readFileSync(EXAMPLE, 'utf8'));
  const plan = (result.ok ? result.value : null) as Plan;

  it('is valid', () => {
    expect(result.ok ? [] : result.errors.map(formatPathError)).toEqual([]);
  });

  it('rolls the three flags 10/10/0 -> 25/25/0 -> 50/50/10 -> 75/75/25 -> 100/100/50 -> 100/100/100', () => {
    const matrix = plan.phases.flatMap((p) =>
      p.stops.map((s) => [
        s.percentages['enhanced_injection'],
        s.percentages['hierarchical_tiers'],
        s.percentages['cross_agent_sharing'],
      ]),
    );
    expect(matrix).toEqual([
      [10, 10, 0],
      [25, 25, 0],
      [50, 50, 10],
      [75, 75, 25],
      [100, 100, 50],
      [100, 100, 100],
    ]);
    expect(plan.phases.map((p) => p.name)).toEqual(['canary', 'expand', 'general']);
  });

  it('tightens gates and triggers phase by phase', () => {
    const gate = (phase: number, name: string) =>
      plan.phases[phase]?.gates.find((g) => g.name === name);
    const trigger = (phase: number, name: string) =>
      plan.phases[phase]?.triggers.find((t) => t.name === name);
    expect([0, 1, 2].map((i) => gate(i, 'error-rate'))).toMatchObject([
      { threshold: 0.005 },
      { threshold: 0.003 },
      { threshold: 0.001 },
    ]);
    expect([0, 1, 2].map((i) => gate(i, 'cache-hit-rate'))).toMatchObject([
      { threshold: 0.6 },
      { threshold: 0.7 },
      { threshold: 0.7 },
    ]);
    expect([0, 1, 2].map((i) => trigger(i, 'critical-alerts-rollback'))).toMatchObject([
      { atLeast: 5, withinMs: 3_600_000 },
      { atLeast: 3 },
      { atLeast: 2 },
    ]);
    expect([0, 1, 2].map((i) => trigger(i, 'error-rate-rollback'))).toMatchObject([
      { threshold: 0.05, forMs: 300_000 },
      { threshold: 0.03, forMs: 180_000 },
      { threshold: 0.02, forMs: 180_000 },
    ]);
    expect(gate(0, 'latency-vs-off')).toBeUndefined();
    expect(gate(1, 'latency-vs-off')).toMatchObject({
      kind: 'compare',
      margin: { kind: 'relative', value: 0.05 },
    });
    expect(gate(2, 'errors-vs-off')).toMatchObject({
      kind: 'compare',
      flag: 'cross_agent_sharing',
      window: { kind: 'phase' },
    });
    expect(trigger(0, 'latency-p95-pause')).toMatchObject({ action: { kind: 'pause' } });
    expect(trigger(0, 'heap-rollback')).toMatchObject({
      threshold: 1024,
      action: { kind: 'rollback', target: { kind: 'percentage', value: 0 } },
    });
  });

  it('needs readiness, a deployment window and approvals for the later phases', () => {
    expect(plan.readiness.map((r) => r.id)).toEqual(['dashboards', 'alerts', 'runbook']);
    expect(plan.startAt).toBe(Date.parse('2025-06-02T09:00:00Z'));
    expect(plan.phases.map((p) => p.approvals?.required ?? 0)).toEqual([0, 2, 2]);
  });

  it('is accepted by typebox as well', () => {
    const document = readDocument(readFileSync(EXAMPLE, 'utf8'));
    expect(document.ok && Value.Check(PlanFile, document.value)).toBe(true);
  });
});

describe('plan errors name the path and the expected form', () => {
  it('a bad trigger duration', () => {
    const plan = minimal();
    (
      (plan['phases'] as Record<string, unknown>[])[1]!['triggers'] as Record<string, unknown>[]
    )[0]!['for'] = '10 min';
    expect(errorsOf(plan)).toEqual(['phases[1].triggers[0].for: expected a duration like 10m']);
  });

  it('missing and unknown fields', () => {
    const plan = withPhase(0, { bake: undefined, bakeTime: '1h' });
    expect(errorsOf(plan)).toEqual([
      'phases[0].bake: required (expected a duration like 10m)',
      expect.stringMatching(
        /^phases\[0\]\.bakeTime: unknown field; expected one of name, description, percentages/,
      ),
    ]);
  });

  it('a percentage out of range, and a threshold in the wrong form', () => {
    const plan = withPhase(0, {
      percentages: { a: 120 },
      gates: [{ metric: 'errors', stat: 'count', below: '5 percent' }],
    });
    expect(errorsOf(plan)).toEqual([
      'phases[0].percentages.a: expected a percentage from 0 to 100',
      'phases[0].gates[0].below: expected a number or a percentage like 0.5%',
    ]);
  });

  it('a gate that matches no kind reports against the closest one', () => {
    const plan = withPhase(0, { gates: [{ compare: 'lat', margins: { relative: '5%' } }] });
    expect(errorsOf(plan)).toEqual([
      'phases[0].gates[0].margin: required (expected { relative: 5% } or { absolute: 0.1% })',
      expect.stringMatching(/^phases\[0\]\.gates\[0\]\.margins: unknown field/),
    ]);
  });

  it('a nested flag above its parent, in any step', () => {
    const plan = withPhase(1, { steps: [{ percentages: { a: 15, b: 18 }, wait: '30m' }] });
    expect(errorsOf(plan)).toEqual([
      'phases[1].steps[0].percentages.b: 18 exceeds a (15); a nested flag must never exceed a flag it requires',
    ]);
  });

  it('percentages that go down, undeclared flags and too many decimals', () => {
    const plan = withPhase(1, { percentages: { a: 5, c: 10, b: 0.125 } });
    expect(errorsOf(plan)).toEqual([
      'phases[1].percentages.a: 5 is below the stop before (10); a plan only goes up',
      'phases[1].percentages.c: unknown flag; expected one of a, b',
      'phases[1].percentages.b: expected a percentage from 0 to 100 with at most two decimals',
    ]);
  });

  it('semantic rules between fields', () => {
    const plan = withPhase(0, {
      gates: [
        { metric: 'lat', below: 200 },
        { metric: 'lat', stat: 'p95', below: 200, above: 100 },
        { compare: 'lat', margin: { relative: '5%', absolute: 3 } },
      ],
      triggers: [{ metric: 'alerts', atLeast: 3, within: '1h', action: 'pause', to: 0 }],
    });
    expect(errorsOf(plan)).toEqual([
      'phases[0].gates[0].stat: required for event metric lat; expected one of p50, p90, p95, p99, mean, min, max, count, sum',
      'phases[0].gates[1]: expected exactly one of below, above, atMost or atLeast',
      'phases[0].gates[2].margin: expected exactly one of relative or absolute, like { relative: 5% }',
      'phases[0].triggers[0].to: applies to action: rollback only',
    ]);
  });

  it('gates that could never conclude', () => {
    const plan = withPhase(0, {
      gates: [
        { compare: 'lat', flag: 'b', margin: { absolute: 1 } },
        { metric: 'lat', stat: 'p95', flag: 'b', below: 1 },
      ],
    });
    expect(errorsOf(plan)).toEqual([
      expect.stringMatching(
        /^phases\[0\]\.gates\[0\]: in phase one, b has no ON cohort throughout the bake/,
      ),
      expect.stringMatching(
        /^phases\[0\]\.gates\[1\]: in phase one, b is at 0% throughout the bake/,
      ),
    ]);
  });

  it('flag references, cycles and duplicates', () => {
    const cycle = {
      ...minimal(),
      flags: [
        { key: 'a', requires: ['b'] },
        { key: 'b', requires: ['a'] },
      ],
    };
    expect(errorsOf(cycle)).toEqual(
      expect.arrayContaining([
        'flags[0].requires: a requires itself through a cycle',
        'flags[1].requires: b requires itself through a cycle',
      ]),
    );
    const duplicate = {
      ...minimal(),
      flags: [{ key: 'a' }, { key: 'b', requires: ['a', 'c'] }, { key: 'a' }],
    };
    expect(errorsOf(duplicate)).toEqual([
      'flags[2].key: duplicate key a',
      'flags[1].requires[1]: unknown flag c',
    ]);
  });

  it('YAML syntax errors', () => {
    const result = parsePlan('name: [unclosed');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : formatPathError(result.errors[0]!)).toMatch(
      /^not valid YAML or JSON: /,
    );
  });

  it('JSON plans read the same as YAML ones', () => {
    const fromJson = parsePlan(JSON.stringify(minimal()));
    const fromYaml = parsePlan(stringify(minimal()));
    expect(fromJson).toEqual(fromYaml);
    expect(fromJson.ok && finalStop(fromJson.value.phases[1]!).percentages).toEqual({
      a: 50,
      b: 20,
    });
  });
});

describe('the schema walker agrees with typebox', () => {
  const samples: unknown[] = [
    minimal(),
    withPhase(0, { bake: 5 }),
    withPhase(1, { triggers: [{ metric: 'x', above: 1, for: '1h', action: 'explode' }] }),
    withPhase(0, { gates: [{ srm: 'a', alpha: 2 }] }),
    withPhase(0, { approvals: { required: 0 } }),
    { ...minimal(), flags: [] },
    { ...minimal(), metrics: { m: { rate: { numerator: 'e' } } } },
    { ...minimal(), startAt: 'tomorrow' },
    null,
    [],
  ];
  it.each(samples.map((s, i) => [i, s]))('sample %i', (_i, sample) => {
    expect(errorsOf(sample).length === 0 || !planFromObject(sample).ok).toBe(true);
    const walkerOk = errorsOf(sample).length === 0;
    expect(walkerOk).toBe(Value.Check(PlanFile, sample));
  });
});
