import { Type, type Static } from 'typebox';
import { Duration } from '../plan/schema-parts.js';

/**
 * Scenario files for `ramp plan simulate`: traffic (sessions per minute), per-cohort metric
 * distributions, the times they change, and how quickly simulated people act.
 */

const opt = Type.Optional;

const Positive = Type.Number({ exclusiveMinimum: 0, errorMessage: 'expected a number above 0' });
const NonNegative = Type.Number({ minimum: 0, errorMessage: 'expected a number, 0 or more' });
const Probability = Type.Number({
  minimum: 0,
  maximum: 1,
  errorMessage: 'expected a probability from 0 to 1',
});

const Params = Type.Object(
  {
    p: opt(Probability),
    median: opt(Positive),
    sigma: opt(NonNegative),
    mean: opt(Type.Number()),
    sd: opt(NonNegative),
    perHour: opt(NonNegative),
    count: opt(NonNegative),
  },
  { additionalProperties: false, errorMessage: 'expected distribution parameters' },
);

const kinds = {
  perSession: opt(NonNegative),
  bernoulli: opt(Params),
  lognormal: opt(Params),
  normal: opt(Params),
  poisson: opt(Params),
};

const MetricModel = Type.Object(
  {
    ...kinds,
    on: opt(Params),
    scope: opt(Type.Enum(['cohort', 'global'], { errorMessage: 'expected cohort or global' })),
    samplesPerMinute: opt(
      Type.Integer({ minimum: 1, errorMessage: 'expected a whole number, 1 or more' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Exactly one of perSession, bernoulli, lognormal, normal, poisson; `on` overrides for the ON cohort.',
  },
);

const MetricPatch = Type.Object({ ...kinds, on: opt(Params) }, { additionalProperties: false });

const Change = Type.Object(
  {
    at: Duration,
    sessionsPerMinute: opt(NonNegative),
    metrics: opt(
      Type.Record(Type.String(), MetricPatch, {
        errorMessage: 'expected a map of metric to changes',
      }),
    ),
  },
  { additionalProperties: false },
);

const Event = Type.Object(
  {
    at: Duration,
    metric: Type.String({ minLength: 1, errorMessage: 'expected a metric name' }),
    count: Type.Integer({ minimum: 1, errorMessage: 'expected a whole number, 1 or more' }),
  },
  {
    additionalProperties: false,
    description: 'Global events recorded at an exact time (an alert).',
  },
);

const After = Type.Union([Duration, Type.Literal('never')], {
  errorMessage: 'expected a duration like 30m, or never',
});

export const ScenarioFile = Type.Object(
  {
    $schema: opt(Type.String()),
    name: Type.String({ minLength: 1, errorMessage: 'expected a name' }),
    description: opt(Type.String()),
    start: opt(
      Type.String({
        pattern:
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$',
        errorMessage: 'expected a date-time like 2025-06-02T09:00:00Z',
      }),
    ),
    duration: Duration,
    sessionsPerMinute: NonNegative,
    cohortFlag: opt(Type.String({ minLength: 1, errorMessage: 'expected a flag key' })),
    people: opt(
      Type.Object(
        { confirmReadinessAfter: opt(After), approveAfter: opt(After), resumeAfter: opt(After) },
        { additionalProperties: false },
      ),
    ),
    metrics: Type.Record(Type.String(), MetricModel, {
      errorMessage: 'expected a map of metric name to distribution',
    }),
    changes: opt(Type.Array(Change, { errorMessage: 'expected a list of changes' })),
    events: opt(Type.Array(Event, { errorMessage: 'expected a list of events' })),
  },
  { additionalProperties: false, title: 'Ramp simulation scenario' },
);
export type ScenarioFile = Static<typeof ScenarioFile>;
export type MetricModelFile = Static<typeof MetricModel>;
export type MetricPatchFile = Static<typeof MetricPatch>;
