import { Type, type Static } from 'typebox';

/**
 * The plans API (`/api/v1/plans`, docs/plans.md): the shapes a client sends and receives.
 * The compiled plan and its run state are the server's rollout core JSON, typed `unknown`
 * here; read them with the `rollouts` types of `@ramp/server`.
 */

/** The plan version a command is based on (from `GET`); a stale one is refused with 409. */
const Version = Type.Optional(Type.Integer({ minimum: 1 }));
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const Name = Type.String({ minLength: 1, maxLength: 200 });

/** One recorded decision (GO, HOLD, ROLLBACK, PAUSE, APPROVE, RESUME, CONFIRM). */
export const PlanDecision = Type.Object({
  at: Type.String(),
  decision: Type.String(),
  actor: Type.String(),
  /** What was decided and why, in plain words. */
  summary: Type.String(),
  from: Type.String(),
  to: Type.String(),
  /** One entry per gate, trigger, readiness item or approval; each has a `text` sentence. */
  evidence: Type.Array(Type.Unknown()),
});
export type PlanDecision = Static<typeof PlanDecision>;

/** A plan in `GET /api/v1/plans`: its status, version and the flags' percentages now. */
export const PlanSummaryView = Type.Object({
  name: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  percentages: Type.Record(Type.String(), Type.Number()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type PlanSummaryView = Static<typeof PlanSummaryView>;

/** One plan with its source, compiled plan, run state and latest decisions (newest first). */
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
  decisions: Type.Array(PlanDecision, { description: 'the latest decisions, newest first' }),
});
export type PlanView = Static<typeof PlanView>;

export const PlanList = Type.Object({ plans: Type.Array(PlanSummaryView) });
export type PlanList = Static<typeof PlanList>;

export const PlanDecisionList = Type.Object({ decisions: Type.Array(PlanDecision) });
export type PlanDecisionList = Static<typeof PlanDecisionList>;

/** `GET /api/v1/plans/:name/decisions?limit=` (default 100). */
export const PlanDecisionQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type PlanDecisionQuery = Static<typeof PlanDecisionQuery>;

/** The `:name` of the plan routes. */
export const PlanName = Type.Object({ name: Name });

export const ApprovePlanBody = Type.Object(
  { name: Name, rationale: Reason, version: Version },
  { additionalProperties: false },
);
export type ApprovePlanBody = Static<typeof ApprovePlanBody>;

export const HoldPlanBody = Type.Object(
  { reason: Reason, version: Version },
  { additionalProperties: false },
);
export type HoldPlanBody = Static<typeof HoldPlanBody>;

export const ResumePlanBody = Type.Object(
  { reason: Type.Optional(Reason), version: Version },
  { additionalProperties: false },
);
export type ResumePlanBody = Static<typeof ResumePlanBody>;

/** `to`: a percentage (every flag down to at most it) or `previous` (the previous phase). */
export const RollbackPlanBody = Type.Object(
  {
    reason: Reason,
    to: Type.Optional(
      Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Literal('previous')]),
    ),
    version: Version,
  },
  { additionalProperties: false },
);
export type RollbackPlanBody = Static<typeof RollbackPlanBody>;

export const ReadinessBody = Type.Object(
  { item: Type.String({ minLength: 1 }), name: Name, version: Version },
  { additionalProperties: false },
);
export type ReadinessBody = Static<typeof ReadinessBody>;
