import { Type, type Static } from 'typebox';

/** The rule for flag keys, as a regular expression source (for checks outside schemas). */
export const FLAG_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';
export const FLAG_KEY_DESCRIPTION = 'letters, digits, "_", "." and "-"; at most 128 characters';

/** Flag keys: letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export const FlagKey = Type.String({
  pattern: FLAG_KEY_PATTERN,
  description: FLAG_KEY_DESCRIPTION,
});

/** 0..100; the server also checks that it has at most two decimals. */
export const Percentage = Type.Number({
  minimum: 0,
  maximum: 100,
  description: 'a number from 0 to 100 with at most two decimals',
});

export const RollbackRecord = Type.Object({
  timestamp: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  actor: Type.String(),
  from: Percentage,
  to: Percentage,
});
export type RollbackRecord = Static<typeof RollbackRecord>;

export const Flag = Type.Object({
  key: FlagKey,
  description: Type.String(),
  enabled: Type.Boolean(),
  percentage: Percentage,
  bucketBy: Type.Union([Type.String(), Type.Null()]),
  requires: Type.Array(FlagKey),
  owner: Type.Union([Type.String(), Type.Null()]),
  permanent: Type.Boolean(),
  archived: Type.Boolean(),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  rollbackHistory: Type.Array(RollbackRecord),
});
export type Flag = Static<typeof Flag>;

export const CreateFlagBody = Type.Object(
  {
    key: FlagKey,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    enabled: Type.Optional(Type.Boolean()),
    percentage: Type.Optional(Percentage),
    bucketBy: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
    ),
    requires: Type.Optional(Type.Array(FlagKey, { maxItems: 16 })),
    owner: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    permanent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateFlagBody = Static<typeof CreateFlagBody>;

export const PatchFlagBody = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    enabled: Type.Optional(Type.Boolean()),
    percentage: Type.Optional(Percentage),
    bucketBy: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
    ),
    requires: Type.Optional(Type.Array(FlagKey, { maxItems: 16 })),
    owner: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    permanent: Type.Optional(Type.Boolean()),
    /** The version this change is based on (or send it as `If-Match`). */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type PatchFlagBody = Static<typeof PatchFlagBody>;

export const RollbackBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Roll back to this lower percentage; without it the flag goes off (0 %). */
    to: Type.Optional(Percentage),
  },
  { additionalProperties: false },
);
export type RollbackBody = Static<typeof RollbackBody>;

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;

export const FlagList = Type.Object({ flags: Type.Array(Flag), revision: Type.Integer() });
export type FlagList = Static<typeof FlagList>;

/** `GET /api/v1/flags?archived=true` also lists archived flags. */
export const ListFlagsQuery = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: 'true or false' })) },
  { additionalProperties: false },
);
export type ListFlagsQuery = Static<typeof ListFlagsQuery>;

/** The path parameter of `/api/v1/flags/:key`. */
export const FlagParams = Type.Object({ key: Type.String() });
export type FlagParams = Static<typeof FlagParams>;

/**
 * The compatibility admin API (`GET/POST /admin/feature-flags`): flag key -> the fraction of
 * sessions that get the flag (percentage / 100, 0 when the flag is off).
 */
export const CompatFlags = Type.Record(
  Type.String(),
  Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'a fraction from 0 to 1 with at most four decimals',
  }),
);
export type CompatFlags = Static<typeof CompatFlags>;
