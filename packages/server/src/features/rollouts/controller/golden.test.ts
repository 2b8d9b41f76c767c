import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storeFromJson, type ReadingsJson } from '../metrics/readings-json.js';
import { planFromObject } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { decide } from './decide.js';
import type { Evidence } from './evidence.js';
import type { RunState } from './state.js';

interface ExpectedEvidence extends Partial<Omit<Evidence, 'details'>> {
  readonly name: string;
  readonly details?: Record<string, number>;
  readonly textIncludes?: string;
}

interface GoldenCase {
  readonly name: string;
  readonly plan: string;
  readonly state: RunState;
  readonly readings: ReadingsJson;
  readonly now: number;
  readonly expected: {
    readonly decision: string;
    readonly status: string;
    readonly percentages?: Record<string, number>;
    readonly actions?: readonly Record<string, unknown>[];
    readonly state?: Record<string, unknown>;
    readonly summaryIncludes?: string;
    readonly evidence?: readonly ExpectedEvidence[];
  };
}

const SPEC = fileURLToPath(
  new URL('../../../../../../spec/rollout-decisions.json', import.meta.url),
);
const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as {
  plans: Record<string, unknown>;
  cases: GoldenCase[];
};

const plans = new Map<string, Plan>(
  Object.entries(spec.plans).map(([name, file]) => {
    const result = planFromObject(file);
    if (!result.ok) throw new Error(`golden plan ${name}: ${JSON.stringify(result.errors)}`);
    return [name, result.value];
  }),
);

describe('spec/rollout-decisions.json', () => {
  it.each(spec.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outcome = decide(plans.get(c.plan)!, c.state, storeFromJson(c.readings), c.now);
    const { expected } = c;
    expect(outcome.decision).toBe(expected.decision);
    expect(outcome.nextState.status).toBe(expected.status);
    if (expected.percentages) expect(outcome.nextState.percentages).toEqual(expected.percentages);
    if (expected.actions) expect(outcome.actions).toMatchObject(expected.actions);
    if (expected.state) expect(outcome.nextState).toMatchObject(expected.state);
    if (expected.summaryIncludes) expect(outcome.summary).toContain(expected.summaryIncludes);
    for (const { textIncludes, ...want } of expected.evidence ?? []) {
      const found = outcome.evidence.find((e) => e.name === want.name);
      expect(
        found,
        `evidence ${want.name} in ${JSON.stringify(outcome.evidence.map((e) => e.name))}`,
      ).toBeDefined();
      expect(found).toMatchObject(want);
      if (textIncludes !== undefined) expect(found?.text).toContain(textIncludes);
    }
  });
});
