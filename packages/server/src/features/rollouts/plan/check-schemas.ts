import { Type, type Static } from 'typebox';
import {
  Action,
  Alpha,
  Better,
  Cohort,
  Count,
  Duration,
  FlagKey,
  Margin,
  Name,
  opt,
  RollbackTarget,
  Scope,
  Stat,
  Text,
  Threshold,
  Window,
} from './schema-parts.js';

/** The schemas of gates (judged at the end of a bake), triggers (every minute) and metrics. */

const common = {
  name: opt(Name),
  description: opt(Text),
};

const ThresholdGate = Type.Object(
  {
    ...common,
    metric: Name,
    stat: opt(Stat),
    flag: opt(FlagKey),
    cohort: opt(Cohort),
    below: opt(Threshold),
    above: opt(Threshold),
    atMost: opt(Threshold),
    atLeast: opt(Threshold),
    window: opt(Window),
    minSamples: opt(Count),
  },
  { additionalProperties: false, description: 'Passes when the statistic is on the right side.' },
);

const CompareGate = Type.Object(
  {
    ...common,
    compare: Name,
    flag: opt(FlagKey),
    margin: Margin,
    alpha: opt(Alpha),
    window: opt(Window),
    minSamples: opt(Count),
  },
  { additionalProperties: false, description: 'ON must be non-inferior to OFF within the margin.' },
);

const SrmGate = Type.Object(
  { ...common, srm: FlagKey, alpha: opt(Alpha), window: opt(Window), minSamples: opt(Count) },
  { additionalProperties: false, description: 'Sample-ratio-mismatch check of exposures.' },
);

export const Gate = Type.Union([ThresholdGate, CompareGate, SrmGate], {
  errorMessage:
    'expected a gate: { metric, below|above|atMost|atLeast }, { compare, margin } or { srm }',
});

const triggerAction = { action: Action, to: opt(RollbackTarget) };

const SustainedTrigger = Type.Object(
  {
    ...common,
    metric: Name,
    stat: opt(Stat),
    flag: opt(FlagKey),
    cohort: opt(Cohort),
    above: opt(Threshold),
    below: opt(Threshold),
    for: Duration,
    window: opt(Duration),
    minSamples: opt(Count),
    ...triggerAction,
  },
  {
    additionalProperties: false,
    description: 'Fires when every evaluation within `for` breached.',
  },
);

const CountTrigger = Type.Object(
  {
    ...common,
    metric: Name,
    flag: opt(FlagKey),
    cohort: opt(Cohort),
    atLeast: Type.Integer({ minimum: 1, errorMessage: 'expected a whole number, 1 or more' }),
    within: Duration,
    ...triggerAction,
  },
  { additionalProperties: false, description: 'Fires on at least N events within the window.' },
);

const CompareTrigger = Type.Object(
  {
    ...common,
    compare: Name,
    flag: opt(FlagKey),
    margin: opt(Margin),
    alpha: opt(Alpha),
    minSamples: opt(Count),
    ...triggerAction,
  },
  { additionalProperties: false, description: 'Fires when ON is confidently worse than OFF.' },
);

export const Trigger = Type.Union([SustainedTrigger, CountTrigger, CompareTrigger], {
  errorMessage:
    'expected a trigger: { metric, above|below, for }, { metric, atLeast, within } or { compare }',
});

const EventMetric = Type.Object(
  { event: Name, unit: opt(Type.String()), better: opt(Better), scope: opt(Scope) },
  { additionalProperties: false, description: 'A recorded metric (values or counted events).' },
);

const RateMetric = Type.Object(
  {
    rate: Type.Object(
      { numerator: Name, denominator: Name },
      { additionalProperties: false, errorMessage: 'expected { numerator, denominator }' },
    ),
    unit: opt(Type.String()),
    better: opt(Better),
    scope: opt(Scope),
  },
  { additionalProperties: false, description: 'count(numerator) / count(denominator).' },
);

const PrometheusMetric = Type.Object(
  {
    prometheus: Type.Object(
      {
        query: Text,
        url: opt(Type.String({ pattern: '^https?://', errorMessage: 'expected an http(s) URL' })),
      },
      { additionalProperties: false, errorMessage: 'expected { query, url? }' },
    ),
    unit: opt(Type.String()),
    better: opt(Better),
  },
  {
    additionalProperties: false,
    description: 'A PromQL instant query; {{flag}} and {{cohort}} are filled in.',
  },
);

export const Metric = Type.Union([EventMetric, RateMetric, PrometheusMetric], {
  errorMessage:
    'expected a metric: { event }, { rate: { numerator, denominator } } or { prometheus: { query } }',
});

export type GateFile = Static<typeof Gate>;
export type TriggerFile = Static<typeof Trigger>;
export type MetricFile = Static<typeof Metric>;
