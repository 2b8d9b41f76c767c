import type { Evidence } from '../controller/evidence.js';
import type { Decision } from '../controller/outcome.js';
import type { RunState, RunStatus } from '../controller/state.js';
import type { Plan } from '../plan/plan.js';

/** A plan the server runs: its reviewed source, the compiled plan and the run state. */
export interface StoredPlan {
  readonly name: string;
  /** The plan file as applied. */
  readonly source: string;
  readonly plan: Plan;
  readonly state: RunState;
  /** Raised by every write. */
  readonly version: number;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One recorded decision (never WAIT). */
export interface DecisionRecord {
  readonly plan: string;
  /** ISO 8601. */
  readonly at: string;
  readonly decision: Decision;
  readonly actor: string;
  readonly summary: string;
  readonly from: RunStatus;
  readonly to: RunStatus;
  readonly evidence: readonly Evidence[];
}

/** Where plans and their decisions are kept. Implemented by KyselyPlanStore. */
export interface PlanStore {
  get(name: string): Promise<StoredPlan | undefined>;
  /** Sorted by name. */
  list(): Promise<StoredPlan[]>;
  /** False when a plan with this name exists. */
  insert(plan: StoredPlan): Promise<boolean>;
  /**
   * Writes `plan` (source, plan, state, version, updatedAt) if the stored one is still at
   * `expectedVersion`; false otherwise.
   */
  update(plan: StoredPlan, expectedVersion: number): Promise<boolean>;
  appendDecision(record: DecisionRecord): Promise<void>;
  /** Newest first. */
  decisions(plan: string, limit: number): Promise<DecisionRecord[]>;
}
