import { Type, type Static } from 'typebox';
import { Flag } from './flags.js';

export const KillAllState = Type.Object({
  active: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type KillAllState = Static<typeof KillAllState>;

/**
 * Everything an SDK needs: `GET /api/v1/snapshot` (with an ETag of the revision), and the
 * first `snapshot` event of `GET /api/v1/stream`.
 */
export const Snapshot = Type.Object({
  revision: Type.Integer({ minimum: 0 }),
  killAll: KillAllState,
  flags: Type.Array(Flag),
});
export type Snapshot = Static<typeof Snapshot>;

/**
 * A `change` event of `GET /api/v1/stream` (SSE; the event id is the revision). Committed
 * changes since the previous revision: flags to upsert, keys archived, and the kill switch.
 */
export const ChangeEvent = Type.Object({
  revision: Type.Integer({ minimum: 1 }),
  flags: Type.Array(Flag),
  deleted: Type.Array(Type.String()),
  killAll: Type.Optional(KillAllState),
});
export type ChangeEvent = Static<typeof ChangeEvent>;

/** SSE event names on `GET /api/v1/stream`. Heartbeats are SSE comments (`: ping`). */
export const StreamEventName = { SNAPSHOT: 'snapshot', CHANGE: 'change' } as const;
