import type { Kysely, Selectable } from 'kysely';
import type { PlanDecisionsTable, PlansTable, RampSchema } from '../../../storage/schema.js';
import type { Evidence } from '../controller/evidence.js';
import type { Decision } from '../controller/outcome.js';
import type { RunState, RunStatus } from '../controller/state.js';
import type { Plan } from '../plan/plan.js';
import type { DecisionRecord, PlanStore, StoredPlan } from './plan-store.js';

/** Plans in `plans` and their decisions in `plan_decisions` (SQLite and PostgreSQL). */
export class KyselyPlanStore implements PlanStore {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async get(name: string): Promise<StoredPlan | undefined> {
    const row = await this.db
      .selectFrom('plans')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : toPlan(row);
  }

  async list(): Promise<StoredPlan[]> {
    const rows = await this.db.selectFrom('plans').selectAll().orderBy('name').execute();
    return rows.map(toPlan);
  }

  async insert(plan: StoredPlan): Promise<boolean> {
    const result = await this.db
      .insertInto('plans')
      .values(toRow(plan))
      .onConflict((c) => c.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async update(plan: StoredPlan, expectedVersion: number): Promise<boolean> {
    const row = toRow(plan);
    const result = await this.db
      .updateTable('plans')
      .set({
        source: row.source,
        plan: row.plan,
        state: row.state,
        status: row.status,
        version: row.version,
        updated_at: row.updated_at,
      })
      .where('name', '=', plan.name)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async appendDecision(record: DecisionRecord): Promise<void> {
    await this.db
      .insertInto('plan_decisions')
      .values({
        plan: record.plan,
        at: record.at,
        decision: record.decision,
        actor: record.actor,
        summary: record.summary,
        from_status: record.from,
        to_status: record.to,
        evidence: JSON.stringify(record.evidence),
      })
      .execute();
  }

  async decisions(plan: string, limit: number): Promise<DecisionRecord[]> {
    const rows = await this.db
      .selectFrom('plan_decisions')
      .selectAll()
      .where('plan', '=', plan)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDecision);
  }
}

function toRow(plan: StoredPlan): PlansTable {
  return {
    name: plan.name,
    source: plan.source,
    plan: JSON.stringify(plan.plan),
    state: JSON.stringify(plan.state),
    status: plan.state.status,
    version: plan.version,
    created_at: plan.createdAt,
    updated_at: plan.updatedAt,
  };
}

// The JSON columns are written only by this class from the pure core's own types.
function toPlan(row: Selectable<PlansTable>): StoredPlan {
  return {
    name: row.name,
    source: row.source,
    plan: JSON.parse(row.plan) as Plan,
    state: JSON.parse(row.state) as RunState,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDecision(row: Selectable<PlanDecisionsTable>): DecisionRecord {
  return {
    plan: row.plan,
    at: row.at,
    decision: row.decision as Decision,
    actor: row.actor,
    summary: row.summary,
    from: row.from_status as RunStatus,
    to: row.to_status as RunStatus,
    evidence: JSON.parse(row.evidence) as Evidence[],
  };
}
