/**
 * The body of `POST /api/v1/metrics`, as the SDK writes it. The SDK depends on nothing, so it
 * does not import `@ramp/api`'s schema; the server validates every batch against it.
 */

/** Which side of a flag a session is on. */
export type Cohort = 'on' | 'off';

/** Flag key -> the session's cohort, for every active flag. */
export type Cohorts = Readonly<Record<string, Cohort>>;

export interface Observation {
  readonly metric: string;
  readonly value: number;
  readonly at: number;
  readonly cohorts: Cohorts;
}

export interface Counter {
  readonly metric: string;
  count: number;
  readonly at: number;
  readonly cohorts: Cohorts;
}

/** Attribute values an event may carry. */
export type AttributeValue = string | number | boolean;

export interface MetricEvent {
  readonly name: string;
  readonly at: number;
  readonly cohorts: Cohorts;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface Exposure {
  readonly flag: string;
  readonly cohort: Cohort;
  readonly count: number;
  readonly at: number;
}

/** One request's worth of items, before `sentAt` is stamped on it. */
export interface Batch {
  readonly observations: readonly Observation[];
  readonly counters: readonly Counter[];
  readonly events: readonly MetricEvent[];
  readonly exposures: readonly Exposure[];
  /** Items dropped since the previous batch (full buffer, failed sends). */
  readonly dropped: number;
}

/** The items a batch holds (the `dropped` count aside). */
export function itemsIn(batch: Batch): number {
  return (
    batch.observations.length + batch.counters.length + batch.events.length + batch.exposures.length
  );
}

/** The server's rule for metric and event names. */
export const METRIC_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
/** The server refuses values beyond this (so sums of squares stay finite). */
export const MAX_ABS_VALUE = 1e15;
export const MINUTE_MS = 60_000;
