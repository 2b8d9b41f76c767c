/**
 * What a feature writes to the audit log. Features that change state receive an AuditSink
 * bound to their transaction, so the change and its record commit together.
 */
export interface AuditEntry {
  readonly at: string;
  /** The token name that made the change, or `system`. */
  readonly actor: string;
  /** e.g. flag.update, flag.rollback, kill-all.on, token.create */
  readonly action: string;
  readonly flag: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
}

export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}

/** The actor of changes the server makes by itself (the first admin token, say). */
export const SYSTEM_ACTOR = 'system';
