import { Type, type Static } from 'typebox';

export const EvaluateBody = Type.Object(
  {
    /** At most 1024 bytes (UTF-8). Blank means the default session, as in the SDK. */
    sessionId: Type.Union([Type.String(), Type.Null()]),
    /** Flags to evaluate; all when absent. */
    flags: Type.Optional(Type.Array(Type.String(), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type EvaluateBody = Static<typeof EvaluateBody>;

export const FlagEvaluation = Type.Object({
  enabled: Type.Boolean(),
  reason: Type.String(),
  bucket: Type.Union([Type.Integer(), Type.Null()]),
  percentage: Type.Number(),
});
export type FlagEvaluation = Static<typeof FlagEvaluation>;

export const EvaluateResult = Type.Object({
  sessionId: Type.String(),
  revision: Type.Integer(),
  flags: Type.Record(Type.String(), FlagEvaluation),
});
export type EvaluateResult = Static<typeof EvaluateResult>;
