import { Type, type Static } from 'typebox';

/** The HTTP shapes of plans; the plan and state are the pure core's JSON (docs/plans.md). */

export const PlanName = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });

const Reason = Type.String({ minLength: 1, maxLength: 2000 });
/** The plan version the command is based on; a stale one is refused with 409. */
const Version = Type.Optional(Type.Integer({ minimum: 1 }));

export const ApproveBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), rationale: Reason, version: Version },
  { additionalProperties: false },
);
export const HoldBody = Type.Object(
  { reason: Reason, version: Version },
  { additionalProperties: false },
);
export const ResumeBody = Type.Object(
  { reason: Type.Optional(Reason), version: Version },
  { additionalProperties: false },
);
export const RollbackPlanBody = Type.Object(
  {
    reason: Reason,
    /** A percentage (every flag down to at most it), or `previous` (the previous phase). */
    to: Type.Optional(
      Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Literal('previous')]),
    ),
    version: Version,
  },
  { additionalProperties: false },
);
export const ReadinessBody = Type.Object(
  {
    item: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    version: Version,
  },
  { additionalProperties: false },
);
export type RollbackPlanBody = Static<typeof RollbackPlanBody>;

export const DecisionView = Type.Object({
  at: Type.String(),
  decision: Type.String(),
  actor: Type.String(),
  summary: Type.String(),
  from: Type.String(),
  to: Type.String(),
  evidence: Type.Array(Type.Unknown()),
});

export const PlanSummaryView = Type.Object({
  name: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  percentages: Type.Record(Type.String(), Type.Number()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const PlanView = Type.Object({
  name: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  percentages: Type.Record(Type.String(), Type.Number()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  source: Type.String(),
  plan: Type.Unknown({ description: 'the compiled plan (docs/plans.md)' }),
  state: Type.Unknown({ description: 'the run state (RunState in docs/plans.md)' }),
  decisions: Type.Array(DecisionView, { description: 'the latest decisions, newest first' }),
});
export type PlanView = Static<typeof PlanView>;

export const PlanList = Type.Object({ plans: Type.Array(PlanSummaryView) });
export const DecisionList = Type.Object({ decisions: Type.Array(DecisionView) });
export const DecisionQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
