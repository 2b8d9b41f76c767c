import { Type, type Static } from 'typebox';

export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  /** The token name that made the change, or `system`. */
  actor: Type.String(),
  /** e.g. flag.create, flag.update, flag.archive, flag.rollback, kill-all.on, kill-all.off, token.create */
  action: Type.String(),
  flag: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    flag: Type.Optional(Type.String()),
    /** Only events at or after this time. */
    since: Type.Optional(
      Type.String({ format: 'date-time', description: 'an ISO 8601 date-time' }),
    ),
    /** At most this many events (default 100). */
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'an integer from 1 to 1000' }),
    ),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

/** `GET /api/v1/audit`: newest first. */
export const AuditList = Type.Object({ events: Type.Array(AuditEvent) });
export type AuditList = Static<typeof AuditList>;
