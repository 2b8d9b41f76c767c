/**
 * Rollouts: plan files, the controller that decides, and the simulator that tries a plan.
 * Everything here is pure — no database, no HTTP, no clock — so the server's loop, the CLI
 * and the tests call the same functions. The storage and HTTP wiring lives elsewhere and
 * implements `Readings` over its per-minute aggregates.
 */
export { parsePlan, planFromObject, readDocument, type ParseResult } from './plan/parse-plan.js';
export { PlanFile } from './plan/plan-schema.js';
export { planJsonSchema } from './plan/plan-json-schema.js';
export { formatPathError, type PathError } from './plan/schema-check.js';
export { parseDuration } from './plan/duration.js';
export type * from './plan/plan.js';

export type * from './metrics/readings.js';
export { storeFromJson, type ReadingsJson } from './metrics/readings-json.js';
export { MemoryMetricStore, type SeriesKey } from './metrics/memory-metric-store.js';
export {
  addCountTo,
  addValuesTo,
  emptyBucket,
  mergeBucket,
  newSketch,
  SKETCH_ACCURACY,
  type MinuteBucket,
} from './metrics/series.js';

export { chiSquareSurvival1, erfc, sampleRatioMismatch } from './statistics/chi-square.js';
export {
  confidenceSequence,
  meanDifference,
  proportionDifference,
  samplesToConclude,
} from './statistics/confidence-sequence.js';

export { decide } from './controller/decide.js';
export { approve, confirmReadiness, hold, resume, rollback } from './controller/commands.js';
export { initialState, isFinished, positionOf } from './controller/state.js';
export type * from './controller/state.js';
export {
  Decision,
  type Action,
  type CommandResult,
  type CommandError,
  type Outcome,
} from './controller/outcome.js';
export type { Evidence, EvidenceKind, Verdict } from './controller/evidence.js';
export { prometheusQueries } from './controller/prometheus-queries.js';
export { readingsWindow } from './controller/readings-window.js';

export {
  simulate,
  type SimulateOptions,
  type Timeline,
  type TimelineEntry,
} from './simulation/simulate.js';
export { formatTimeline, type FormatTimelineOptions } from './simulation/format-timeline.js';
export { parseScenario, scenarioFromObject, type Scenario } from './simulation/scenario.js';
export { SessionPool } from './simulation/session-pool.js';
export { decisionQuality, type DecisionQuality } from './simulation/decision-quality.js';
