import { performance } from 'node:perf_hooks';
import type { TypeboxApp } from '../../http/typebox-app.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import { PropagationTimer } from './propagation-timer.js';
import { RampMetrics, type MetricsSources } from './ramp-metrics.js';

export { RampMetrics } from './ramp-metrics.js';

/** A decision as the evaluate API and OFREP serve it. */
export interface ServedDecision {
  readonly enabled: boolean;
  readonly reason: string;
}

/**
 * The port the rollout controller reports through (wired in app.ts by the rollouts work):
 * each decision it records, and each gate's latest value.
 *
 * @example
 * rolloutMetrics.recordDecision('memory-system', 'HOLD');
 * rolloutMetrics.setGateValue('memory-system', 'p95_latency', 412);
 */
export interface RolloutMetrics {
  recordDecision(plan: string, decision: string): void;
  setGateValue(plan: string, gate: string, value: number): void;
}

export interface ObservabilityFeatureDeps extends MetricsSources {
  /** Milliseconds from a monotonic clock; defaults to `performance.now`. */
  readonly now?: () => number;
}

/** Wires Prometheus exposition: the metrics, the ports that feed them, `GET /metrics`. */
export function observabilityFeature(deps: ObservabilityFeatureDeps) {
  const metrics = new RampMetrics(deps);
  const propagation = new PropagationTimer({
    now: deps.now ?? (() => performance.now()),
    observe: (seconds) => metrics.propagationLag.observe(seconds),
  });
  const rollouts: RolloutMetrics = {
    recordDecision: (plan, decision) => metrics.rolloutDecisions.inc({ plan, decision }),
    setGateValue: (plan, gate, value) => metrics.gateValues.set({ plan, gate }, value),
  };
  return {
    metrics,
    propagation,
    rollouts,
    /** Counts decisions served; unknown keys are skipped (callers choose them: unbounded). */
    recordDecisions(flags: Readonly<Record<string, ServedDecision>>): void {
      for (const [flag, decision] of Object.entries(flags)) {
        if (decision.reason === 'NOT_FOUND') continue;
        metrics.countEvaluation(flag, decision.enabled);
      }
    },
    register(app: TypeboxApp): void {
      registerMetricsRoutes(app, metrics);
    },
  };
}
