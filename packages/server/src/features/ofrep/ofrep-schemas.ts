import { Type, type Static } from 'typebox';

// The OpenFeature Remote Evaluation Protocol's shapes (open-feature/protocol,
// service/openapi.yaml), narrowed to what Ramp serves: boolean values, variants on/off.

/** Ramp buckets on the targeting key; every other context field is accepted and ignored. */
export const OfrepContext = Type.Object(
  {
    targetingKey: Type.Optional(
      Type.String({ maxLength: 1024, description: 'the session id (at most 1024 bytes)' }),
    ),
  },
  {
    additionalProperties: true,
    description: 'OpenFeature evaluation context; Ramp uses only targetingKey, the session id',
  },
);

export const OfrepEvaluationRequest = Type.Object(
  { context: Type.Optional(OfrepContext) },
  { additionalProperties: true, description: 'an OFREP evaluation request' },
);
export type OfrepEvaluationRequest = Static<typeof OfrepEvaluationRequest>;

export const OfrepFlagParams = Type.Object({ key: Type.String({ minLength: 1 }) });

export const OfrepMetadata = Type.Record(
  Type.String(),
  Type.Union([Type.Boolean(), Type.String(), Type.Number()]),
  { description: "Ramp's bucket (0..99), effective percentage, source and rampReason" },
);

export const OfrepReason = Type.Enum(['STATIC', 'SPLIT', 'DISABLED', 'TARGETING_MATCH'], {
  description: 'STATIC: same for every session; SPLIT: by bucket; TARGETING_MATCH: a prerequisite',
});

export const OfrepEvaluationSuccess = Type.Object({
  key: Type.String(),
  value: Type.Boolean(),
  reason: OfrepReason,
  variant: Type.Enum(['on', 'off']),
  metadata: OfrepMetadata,
});
export type OfrepEvaluationSuccess = Static<typeof OfrepEvaluationSuccess>;

export const OfrepErrorCode = Type.Enum([
  'PARSE_ERROR',
  'TARGETING_KEY_MISSING',
  'INVALID_CONTEXT',
  'GENERAL',
]);
export type OfrepErrorCode = Static<typeof OfrepErrorCode>;

export const OfrepEvaluationFailure = Type.Object({
  key: Type.String(),
  errorCode: OfrepErrorCode,
  errorDetails: Type.Optional(Type.String()),
  metadata: Type.Optional(OfrepMetadata),
});
export type OfrepEvaluationFailure = Static<typeof OfrepEvaluationFailure>;

export const OfrepFlagNotFound = Type.Object({
  key: Type.String(),
  errorCode: Type.Literal('FLAG_NOT_FOUND'),
  errorDetails: Type.Optional(Type.String()),
});
export type OfrepFlagNotFound = Static<typeof OfrepFlagNotFound>;

export const OfrepBulkSuccess = Type.Object({
  flags: Type.Array(Type.Union([OfrepEvaluationSuccess, OfrepEvaluationFailure])),
});
export type OfrepBulkSuccess = Static<typeof OfrepBulkSuccess>;

export const OfrepBulkFailure = Type.Object({
  errorCode: OfrepErrorCode,
  errorDetails: Type.Optional(Type.String()),
});
export type OfrepBulkFailure = Static<typeof OfrepBulkFailure>;

export const OfrepGeneralError = Type.Object({ errorDetails: Type.Optional(Type.String()) });
