import { Type, type Static } from 'typebox';
import { Gate, Metric, Trigger } from './check-schemas.js';
import { Count, Duration, FlagKey, Name, opt, Percentages, Text } from './schema-parts.js';

/**
 * The one JSON Schema of rollout plan files (YAML or JSON). `docs/plan.schema.json` is this
 * schema, written by a test that fails when the two drift apart.
 */

const Step = Type.Object(
  { percentages: Percentages, wait: Duration },
  {
    additionalProperties: false,
    description: 'An intermediate stop before the phase percentages.',
  },
);

const Approvals = Type.Object(
  {
    required: Type.Integer({ minimum: 1, errorMessage: 'expected a whole number, 1 or more' }),
    approvers: opt(Type.Array(Text, { errorMessage: 'expected a list of names' })),
  },
  {
    additionalProperties: false,
    description: 'A go/no-go: approvals needed before the phase starts.',
  },
);

const holding = {
  holdFor: opt(Duration),
  maxHolds: opt(Count),
};

const Phase = Type.Object(
  {
    name: Name,
    description: opt(Text),
    percentages: Percentages,
    steps: opt(Type.Array(Step, { errorMessage: 'expected a list of steps' })),
    bake: Duration,
    ...holding,
    approvals: opt(Approvals),
    gates: opt(Type.Array(Gate, { errorMessage: 'expected a list of gates' })),
    triggers: opt(Type.Array(Trigger, { errorMessage: 'expected a list of triggers' })),
  },
  { additionalProperties: false },
);

const Flag = Type.Object(
  {
    key: FlagKey,
    description: opt(Text),
    bucketBy: opt(Name),
    requires: opt(Type.Array(FlagKey, { errorMessage: 'expected a list of flag keys' })),
  },
  { additionalProperties: false },
);

const ReadinessItem = Type.Object(
  { id: Name, item: Text, owner: Text },
  { additionalProperties: false },
);

export const PlanFile = Type.Object(
  {
    $schema: opt(Type.String()),
    name: Name,
    description: opt(Text),
    startAt: opt(
      Type.String({
        pattern:
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$',
        errorMessage: 'expected a date-time like 2025-06-02T09:00:00Z',
      }),
    ),
    flags: Type.Array(Flag, { minItems: 1, errorMessage: 'expected a list of at least one flag' }),
    metrics: opt(
      Type.Record(Name, Metric, {
        additionalProperties: false,
        errorMessage: 'expected a map of metric name to definition',
      }),
    ),
    readiness: opt(
      Type.Array(ReadinessItem, { errorMessage: 'expected a list of readiness items' }),
    ),
    ...holding,
    gates: opt(Type.Array(Gate, { errorMessage: 'expected a list of gates' })),
    triggers: opt(Type.Array(Trigger, { errorMessage: 'expected a list of triggers' })),
    phases: Type.Array(Phase, {
      minItems: 1,
      errorMessage: 'expected a list of at least one phase',
    }),
  },
  {
    additionalProperties: false,
    $id: 'https://ramp.dev/schemas/plan.schema.json',
    title: 'Ramp rollout plan',
  },
);
export type PlanFile = Static<typeof PlanFile>;
export type PhaseFile = PlanFile['phases'][number];
