import type { Clock } from '../../clock.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import { isRetryableMergeError } from './kysely-metric-store.js';
import type { MetricStore } from './metric-store.js';
import { registerMetricRoutes } from './metric-routes.js';
import { MetricsService } from './metrics-service.js';

export { KyselyMetricStore } from './kysely-metric-store.js';
export { loadReadings, readingsFromRows, type ReadingsWindow } from './sql-readings.js';
export { aggregateBatch, DROPPED_METRIC } from './aggregate-batch.js';
export type { MetricStore, MinuteFilter } from './metric-store.js';
export type { MetricsService } from './metrics-service.js';

export interface MetricsFeatureDeps {
  readonly clock: Clock;
  readonly runInTransaction: RunInTransaction<MetricStore>;
  readonly store: MetricStore;
}

/**
 * Wires metrics: SDK batches in (`POST /api/v1/metrics`), per-minute aggregates in SQL, and
 * the rollout controller's `Readings` over them (`service.readings(window)`).
 */
export function metricsFeature(deps: MetricsFeatureDeps) {
  const service = new MetricsService({ ...deps, retryable: isRetryableMergeError });
  return {
    service,
    register(app: TypeboxApp): void {
      registerMetricRoutes(app, service);
    },
  };
}
