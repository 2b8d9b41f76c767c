import type { PrometheusQuery } from '../metrics/readings.js';
import type { Gate, Plan, Trigger } from '../plan/plan.js';
import { fillQuery } from './measure.js';
import type { RunState } from './state.js';

const MINUTE = 60_000;

/**
 * The PromQL instant queries `decide(plan, state, readings, now)` will ask `readings` for, so
 * the loop can fetch them (asynchronously, before the pure decision) and serve the answers
 * from `Readings.prometheus`. Sustained triggers ask once per minute of their duration; gates
 * ask at `now` (they are judged only at the end of a bake, so this may list more than is used).
 *
 * The server's reader is `PrometheusReader` (features/rollouts/service/prometheus-reader.ts).
 */
export function prometheusQueries(plan: Plan, state: RunState, now: number): PrometheusQuery[] {
  const at = 'at' in state ? state.at : null;
  if (at === null) return [];
  const phase = plan.phases[at.phase];
  if (phase === undefined) return [];
  return [
    ...phase.triggers.flatMap((t) => forTrigger(t, now)),
    ...phase.gates.flatMap((g) => forGate(g, now)),
  ];
}

function forTrigger(trigger: Trigger, now: number): PrometheusQuery[] {
  if (trigger.kind !== 'sustained' || trigger.metric.kind !== 'prometheus') return [];
  const { query, url } = trigger.metric;
  const evaluations = Math.max(1, Math.ceil(trigger.forMs / MINUTE));
  return Array.from({ length: evaluations }, (_, i) => ({
    query: fillQuery(query, trigger.flag, trigger.cohort),
    url,
    at: now - i * MINUTE,
  }));
}

function forGate(gate: Gate, now: number): PrometheusQuery[] {
  if (gate.kind !== 'threshold' || gate.metric.kind !== 'prometheus') return [];
  return [
    { query: fillQuery(gate.metric.query, gate.flag, gate.cohort), url: gate.metric.url, at: now },
  ];
}
