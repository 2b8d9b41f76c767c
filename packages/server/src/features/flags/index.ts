import type { EvaluateResult } from '@ramp/api';
import type { Clock } from '../../clock.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import { registerCompatRoutes } from './compat-routes.js';
import { registerEvaluateRoutes } from './evaluate-routes.js';
import { registerFlagRoutes } from './flag-routes.js';
import type { FlagUnit } from './flag-store.js';
import { FlagsService } from './flags-service.js';
import { registerKillAllRoutes } from './kill-all-routes.js';

export { KyselyFlagStore } from './kysely-flag-store.js';
export { evaluateSnapshot } from './evaluation.js';
export {
  setFlagPercentages,
  type PercentageChange,
  type PercentageWrite,
} from './flag-percentages.js';
export type { FlagUnit, FlagStore, ChangeSink } from './flag-store.js';
export type { FlagsService } from './flags-service.js';

export interface FlagsFeatureDeps {
  readonly clock: Clock;
  readonly runInTransaction: RunInTransaction<FlagUnit>;
  readonly read: RunInTransaction<FlagUnit>;
  readonly onCommitted: (revision: number) => void;
  /** Decisions served by `POST /api/v1/evaluate` (evaluation metrics). */
  readonly onEvaluated?: (result: EvaluateResult) => void;
}

/** Wires flags: the REST API, rollback and kill switch, the compatibility API, evaluation. */
export function flagsFeature(deps: FlagsFeatureDeps) {
  const service = new FlagsService(deps);
  return {
    service,
    register(app: TypeboxApp): void {
      registerFlagRoutes(app, service);
      registerKillAllRoutes(app, service);
      registerCompatRoutes(app, service);
      registerEvaluateRoutes(app, service, deps.onEvaluated);
    },
  };
}
