import type { AuditEvent } from '@ramp/api';
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry } from '../../ports/audit-sink.js';
import type { AuditEventsTable, RampSchema } from '../../storage/schema.js';
import type { AuditFilter, AuditStore } from './audit-store.js';

/** Audit events in `audit_events`. Rows are only ever inserted. */
export class KyselyAuditStore implements AuditStore {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        flag: entry.flag,
        before: toJson(entry.before),
        after: toJson(entry.after),
        reason: entry.reason,
      })
      .execute();
  }

  async list(filter: AuditFilter): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll();
    if (filter.flag !== undefined) query = query.where('flag', '=', filter.flag);
    if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toEvent);
  }
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    flag: row.flag,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    reason: row.reason,
  };
}
