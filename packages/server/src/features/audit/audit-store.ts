import type { AuditEvent } from '@ramp/api';
import type { AuditSink } from '../../ports/audit-sink.js';

export interface AuditFilter {
  readonly flag?: string | undefined;
  /** ISO 8601: only events at or after it. */
  readonly since?: string | undefined;
  readonly limit: number;
}

/** The append-only audit log. Implemented by KyselyAuditStore (SQLite and PostgreSQL). */
export interface AuditStore extends AuditSink {
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEvent[]>;
}
