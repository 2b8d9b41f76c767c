import type { Generated } from 'kysely';

/*
 * The tables, as Kysely sees them. Columns use types both SQLite and PostgreSQL store the
 * same way: booleans are 0/1 integers, JSON is text, times are ISO 8601 text (which sorts
 * correctly), and percentages are whole basis points (12.34 % -> 1234) so no float is stored.
 */

export interface FlagsTable {
  key: string;
  description: string;
  enabled: number;
  percentage_bp: number;
  bucket_by: string | null;
  /** JSON array of flag keys. */
  requires: string;
  owner: string | null;
  permanent: number;
  archived: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** JSON array of RollbackRecord. */
  rollback_history: string;
}

/** One row (id = 1): the global kill switch. */
export interface KillSwitchTable {
  id: number;
  active: number;
  reason: string | null;
  since: string | null;
}

/** One row (id = 1): the feed's current revision. */
export interface FeedRevisionTable {
  id: number;
  revision: number;
}

/** The ChangeEvent committed at each revision, kept so reconnecting streams can replay. */
export interface ChangesTable {
  revision: number;
  /** The ChangeEvent, serialized once. */
  payload: string;
  created_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  flag: string | null;
  /** JSON, or null. */
  before: string | null;
  after: string | null;
  reason: string | null;
}

export interface TokensTable {
  id: string;
  name: string;
  scope: string;
  /** SHA-256 of the secret, hex. */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * One minute of one metric series, merged from every batch and replica. Global rows (every
 * observation, whatever its cohorts) have flag `''` and cohort `all`.
 */
export interface MetricMinutesTable {
  /** Minutes since the epoch (epoch ms / 60 000, floored). */
  minute: number;
  metric: string;
  flag: string;
  /** `on`, `off`, or `all` for global rows. */
  cohort: string;
  count: number;
  sum: number;
  sum_squares: number;
  /** Null for counters (no values). */
  min: number | null;
  max: number | null;
  /** The DDSketch of the values (see sketch-codec.ts), or null for counters. */
  sketch: string | null;
}

/** Evaluations per minute that put sessions on one side of a flag. */
export interface MetricExposuresTable {
  minute: number;
  flag: string;
  cohort: string;
  count: number;
}

/** Events (critical alerts) per minute and name; global rows have flag `''` and cohort `all`. */
export interface MetricEventsTable {
  minute: number;
  name: string;
  flag: string;
  cohort: string;
  count: number;
}

/** A rollout plan the server runs: its reviewed source, the compiled plan and the run state. */
export interface PlansTable {
  name: string;
  /** The plan file as applied (YAML or JSON). */
  source: string;
  /** JSON: the compiled Plan. */
  plan: string;
  /** JSON: the RunState. */
  state: string;
  /** The state's status, for listing running plans without parsing every state. */
  status: string;
  /** Raised by every write; a write based on an older version is refused. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** One recorded decision of a plan (GO, HOLD, ROLLBACK, ...): only ever inserted. */
export interface PlanDecisionsTable {
  id: Generated<number>;
  plan: string;
  at: string;
  decision: string;
  actor: string;
  summary: string;
  from_status: string;
  to_status: string;
  /** JSON array of Evidence. */
  evidence: string;
}

/** One webhook notification to one URL: the outbox the sender delivers from. */
export interface WebhookDeliveriesTable {
  /** A UUID, sent as `X-Ramp-Delivery` so receivers can drop duplicates. */
  id: string;
  url: string;
  /** The JSON body exactly as sent (and signed). */
  body: string;
  /** `pending`, `delivered` or `failed`. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface RampSchema {
  flags: FlagsTable;
  kill_switch: KillSwitchTable;
  feed_revision: FeedRevisionTable;
  changes: ChangesTable;
  audit_events: AuditEventsTable;
  tokens: TokensTable;
  metric_minutes: MetricMinutesTable;
  metric_exposures: MetricExposuresTable;
  metric_events: MetricEventsTable;
  plans: PlansTable;
  plan_decisions: PlanDecisionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
