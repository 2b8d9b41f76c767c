import type { Clock } from '../../../clock.js';
import type { TypeboxApp } from '../../../http/typebox-app.js';
import type { RunInTransaction } from '../../../ports/transaction.js';
import type { LiveFlags } from '../controller/outside-changes.js';
import type { Outcome } from '../controller/outcome.js';
import { PlanController, type LoadReadings } from './plan-controller.js';
import { registerPlanRoutes } from './plan-routes.js';
import { PlanService, type PlanUnit } from './plan-service.js';
import type { PlanStore } from './plan-store.js';
import type { PrometheusSource } from './prometheus-reader.js';

export { KyselyPlanStore } from './kysely-plan-store.js';
export {
  DEFAULT_CONTROLLER_INTERVAL_MS,
  PlanController,
  type TickResult,
} from './plan-controller.js';
export type { PlanService, PlanUnit, PercentageChange } from './plan-service.js';
export type { DecisionRecord, PlanStore, StoredPlan } from './plan-store.js';
export { PrometheusReader, type PrometheusSource } from './prometheus-reader.js';

export interface PlansFeatureDeps {
  readonly clock: Clock;
  readonly plans: PlanStore;
  readonly runInTransaction: RunInTransaction<PlanUnit>;
  readonly onFlagsCommitted: (revision: number) => void;
  readonly onDecision: (plan: string, outcome: Outcome) => void;
  readonly readings: LoadReadings;
  readonly prometheus?: PrometheusSource | undefined;
  /** What the flags serve now, read fresh (runs changed outside the plan are paused). */
  readonly liveFlags?: (() => Promise<LiveFlags>) | undefined;
  readonly intervalMs?: number | undefined;
  readonly onError?: ((plan: string, error: unknown) => void) | undefined;
}

/**
 * Wires plans on the server: the plans API and the controller loop (not started: the caller
 * starts it in exactly one replica).
 */
export function plansFeature(deps: PlansFeatureDeps) {
  const service = new PlanService(deps);
  const controller = new PlanController({ ...deps, service });
  return {
    service,
    controller,
    register(app: TypeboxApp): void {
      registerPlanRoutes(app, service);
    },
  };
}
