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

export interface RampSchema {
  flags: FlagsTable;
  kill_switch: KillSwitchTable;
  feed_revision: FeedRevisionTable;
  changes: ChangesTable;
  audit_events: AuditEventsTable;
  tokens: TokensTable;
}
