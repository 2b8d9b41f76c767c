import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initialState, parsePlan, type Plan } from '../features/rollouts/index.js';
import { KyselyPlanStore } from '../features/rollouts/service/kysely-plan-store.js';
import type { DecisionRecord, StoredPlan } from '../features/rollouts/service/plan-store.js';
import type { TestDatabase } from './databases.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const EXAMPLE = new URL('../../../../examples/memory-system-rollout.yaml', import.meta.url);

/** The example plan, compiled. */
export function examplePlan(): { source: string; plan: Plan } {
  const source = readFileSync(EXAMPLE, 'utf8');
  const parsed = parsePlan(source);
  if (!parsed.ok) throw new Error('the example plan does not parse');
  return { source, plan: parsed.value };
}

/** One contract for the plan store, run against every database engine. */
export function describePlanStoreContract(engine: string, open: () => Promise<TestDatabase>): void {
  describe(`plan store contract: ${engine}`, () => {
    let handle: TestDatabase;
    let store: KyselyPlanStore;
    const { source, plan } = examplePlan();
    const stored: StoredPlan = {
      name: plan.name,
      source,
      plan,
      state: initialState(plan, T0),
      version: 1,
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    };

    beforeAll(async () => {
      handle = await open();
      store = new KyselyPlanStore(handle.database.db);
    });
    afterAll(async () => handle.drop());
    beforeEach(async () => {
      await handle.database.db.deleteFrom('plans').execute();
      await handle.database.db.deleteFrom('plan_decisions').execute();
    });

    it('stores a plan and reads back the same source, plan and state', async () => {
      expect(await store.insert(stored)).toBe(true);
      expect(await store.get(plan.name)).toEqual(stored);
      expect(await store.list()).toEqual([stored]);
      expect(await store.get('missing')).toBeUndefined();
    });

    it('refuses a second plan with the same name', async () => {
      expect(await store.insert(stored)).toBe(true);
      expect(await store.insert({ ...stored, source: 'other' })).toBe(false);
      expect((await store.get(plan.name))?.source).toBe(source);
    });

    it('updates only from the expected version', async () => {
      await store.insert(stored);
      const held = { ...stored, state: { ...stored.state, since: T0 + 1 }, version: 2 };
      expect(await store.update(held, 1)).toBe(true);
      expect(await store.update({ ...held, version: 3 }, 1)).toBe(false);
      expect(await store.get(plan.name)).toEqual(held);
    });

    it('keeps decisions with their evidence, newest first', async () => {
      const record = (at: number, decision: DecisionRecord['decision']): DecisionRecord => ({
        plan: plan.name,
        at: new Date(at).toISOString(),
        decision,
        actor: 'controller',
        summary: `${decision} at ${at}`,
        from: 'pending',
        to: 'running',
        evidence: [
          {
            kind: 'gate',
            name: 'error-rate',
            source: 'phases[0].gates[0]',
            verdict: 'pass',
            metric: 'error_rate',
            stat: 'rate',
            flag: 'enhanced_injection',
            cohort: 'on',
            value: 0.001,
            threshold: 0.005,
            sampleSize: 6000,
            statistic: { name: 'z', value: -1.5 },
            details: { pValue: 0.2 },
            window: { from: T0, to: at },
            text: 'error_rate 0.1% < 0.5%: pass',
          },
        ],
      });
      await store.appendDecision(record(T0 + 1000, 'CONFIRM'));
      await store.appendDecision(record(T0 + 2000, 'GO'));
      await store.appendDecision({ ...record(T0 + 3000, 'GO'), plan: 'other' });
      const decisions = await store.decisions(plan.name, 10);
      expect(decisions).toEqual([record(T0 + 2000, 'GO'), record(T0 + 1000, 'CONFIRM')]);
      expect(await store.decisions(plan.name, 1)).toHaveLength(1);
    });
  });
}
