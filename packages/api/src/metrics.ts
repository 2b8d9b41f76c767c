import { Type, type Static } from 'typebox';
import { FLAG_KEY_PATTERN } from './flags.js';

/** The rule for metric and event names, as a regular expression source. */
export const METRIC_NAME_PATTERN = '^[A-Za-z0-9_.:-]{1,100}$';

/** Most items (observations, counters, events and exposures together) in one batch. */
export const MAX_METRIC_BATCH_ITEMS = 10_000;

/** Most flags one item may be tagged with. */
export const MAX_ITEM_COHORTS = 64;

/** Values beyond ±1e15 are refused, so sums of squares stay finite. */
const MAX_ABS_VALUE = 1e15;

/** A metric or event name: letters, digits, `_`, `.`, `:` and `-`, 1 to 100 characters. */
export const MetricName = Type.String({
  pattern: METRIC_NAME_PATTERN,
  description: 'a name of 1 to 100 letters, digits, "_", ".", ":" or "-"',
});

/** Milliseconds since the epoch. */
const EpochMs = Type.Integer({
  minimum: 0,
  maximum: 8_640_000_000_000_000,
  description: 'a time in milliseconds since the epoch',
});

/** A number of events: whole, from 1 (exact as a double up to 2^53). */
const Count = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'a whole number from 1',
});

/** Which side of a flag a session was on. */
export const MetricCohort = Type.Union([Type.Literal('on'), Type.Literal('off')], {
  description: '"on" or "off"',
});
export type MetricCohort = Static<typeof MetricCohort>;

/** Flag key -> the session's cohort, for every flag in a partial rollout when it was recorded. */
export const Cohorts = Type.Record(Type.String({ pattern: FLAG_KEY_PATTERN }), MetricCohort, {
  additionalProperties: false,
  maxProperties: MAX_ITEM_COHORTS,
  description: `an object of flag key -> "on" or "off", at most ${MAX_ITEM_COHORTS} flags`,
});
export type Cohorts = Static<typeof Cohorts>;

/** One observed value (a latency, a size), tagged with the session's cohorts. */
export const MetricObservation = Type.Object(
  {
    metric: MetricName,
    value: Type.Number({
      minimum: -MAX_ABS_VALUE,
      maximum: MAX_ABS_VALUE,
      description: 'a finite number from -1e15 to 1e15',
    }),
    at: EpochMs,
    cohorts: Cohorts,
  },
  { additionalProperties: false },
);
export type MetricObservation = Static<typeof MetricObservation>;

/** `count` events of a counter (errors, requests) in the minute of `at`. */
export const MetricCounter = Type.Object(
  {
    metric: MetricName,
    count: Count,
    at: EpochMs,
    cohorts: Cohorts,
  },
  { additionalProperties: false },
);
export type MetricCounter = Static<typeof MetricCounter>;

/** Attribute values of an event: short strings, numbers, booleans. */
const AttributeValue = Type.Union(
  [Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()],
  { description: 'a string of at most 1000 characters, a number or a boolean' },
);

/** One event (a critical alert): counted per minute under its name. */
export const MetricEvent = Type.Object(
  {
    name: MetricName,
    at: EpochMs,
    cohorts: Type.Optional(Cohorts),
    /** Validated and accepted; the server keeps only the per-minute counts for now. */
    attributes: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), AttributeValue, {
        maxProperties: 32,
        description: 'an object of at most 32 attributes',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MetricEvent = Static<typeof MetricEvent>;

/** Evaluations that put sessions on one side of a flag, in the minute of `at`. */
export const MetricExposure = Type.Object(
  {
    flag: Type.String({ pattern: FLAG_KEY_PATTERN, description: 'a flag key' }),
    cohort: MetricCohort,
    count: Count,
    at: EpochMs,
  },
  { additionalProperties: false },
);
export type MetricExposure = Static<typeof MetricExposure>;

/**
 * `POST /api/v1/metrics`: what an SDK recorded since its last batch. Every list is optional;
 * together they hold at most 10,000 items.
 *
 * @example
 * const batch: MetricsBatch = {
 *   sentAt: Date.now(),
 *   observations: [{ metric: 'latency_ms', value: 123, at: Date.now(), cohorts: { checkout: 'on' } }],
 *   exposures: [{ flag: 'checkout', cohort: 'on', count: 42, at: Date.now() }],
 * };
 */
export const MetricsBatch = Type.Object(
  {
    /** When the SDK sent the batch, by its clock (the server corrects a skewed clock with it). */
    sentAt: EpochMs,
    observations: Type.Optional(
      Type.Array(MetricObservation, { maxItems: MAX_METRIC_BATCH_ITEMS }),
    ),
    counters: Type.Optional(Type.Array(MetricCounter, { maxItems: MAX_METRIC_BATCH_ITEMS })),
    events: Type.Optional(Type.Array(MetricEvent, { maxItems: MAX_METRIC_BATCH_ITEMS })),
    exposures: Type.Optional(Type.Array(MetricExposure, { maxItems: MAX_METRIC_BATCH_ITEMS })),
    /** Items the SDK dropped since its last batch (a full buffer, failed sends). */
    dropped: Type.Optional(Type.Integer({ minimum: 0, description: 'a whole number from 0' })),
  },
  { additionalProperties: false },
);
export type MetricsBatch = Static<typeof MetricsBatch>;

/** The 202 reply: how many items of each kind were aggregated. */
export const MetricsAccepted = Type.Object({
  observations: Type.Integer(),
  counters: Type.Integer(),
  events: Type.Integer(),
  exposures: Type.Integer(),
  dropped: Type.Integer(),
});
export type MetricsAccepted = Static<typeof MetricsAccepted>;

/** `GET /api/v1/metrics/summary`: filters and the window (default: the last hour). */
export const MetricsSummaryQuery = Type.Object(
  {
    flag: Type.Optional(Type.String({ pattern: FLAG_KEY_PATTERN, description: 'a flag key' })),
    metric: Type.Optional(MetricName),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'an ISO 8601 date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'an ISO 8601 date-time' })),
  },
  { additionalProperties: false },
);
export type MetricsSummaryQuery = Static<typeof MetricsSummaryQuery>;

const Stat = Type.Union([Type.Number(), Type.Null()]);

/**
 * One series over the window: `flag` null and cohort `all` for the global series. Counters and
 * events count under their name (`count`); observed values also have the order statistics.
 */
export const MetricSeriesSummary = Type.Object({
  metric: Type.String(),
  flag: Type.Union([Type.String(), Type.Null()]),
  cohort: Type.Union([Type.Literal('on'), Type.Literal('off'), Type.Literal('all')]),
  count: Type.Number(),
  sum: Type.Number(),
  mean: Stat,
  min: Stat,
  max: Stat,
  p50: Stat,
  p95: Stat,
  p99: Stat,
});
export type MetricSeriesSummary = Static<typeof MetricSeriesSummary>;

export const MetricsSummary = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  series: Type.Array(MetricSeriesSummary),
  /** Per flag, evaluations on each side in the window. */
  exposures: Type.Array(
    Type.Object({ flag: Type.String(), on: Type.Number(), off: Type.Number() }),
  ),
});
export type MetricsSummary = Static<typeof MetricsSummary>;
