import { Type, type Static } from 'typebox';

/** `GET /health`: the process is up. */
export const Health = Type.Object({ status: Type.Literal('ok') });
export type Health = Static<typeof Health>;

/**
 * `GET /health/deep`: 200 when every check is `ok`, 503 otherwise; a failing check's value
 * says what failed, and `error` carries the usual error body.
 */
export const DeepHealth = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  checks: Type.Record(Type.String(), Type.String()),
  error: Type.Optional(Type.Object({ code: Type.Literal('UNAVAILABLE'), message: Type.String() })),
  /** This replica: its random id, and whether it leads (runs the plan controller and webhooks). */
  replica: Type.Optional(
    Type.Object({
      id: Type.String(),
      role: Type.Union([Type.Literal('leader'), Type.Literal('follower')]),
    }),
  ),
});
export type DeepHealth = Static<typeof DeepHealth>;
