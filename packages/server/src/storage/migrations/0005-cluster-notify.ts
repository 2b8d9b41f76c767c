import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/**
 * PostgreSQL only: triggers that announce commits to every replica. A new row in `changes`
 * sends `change:<revision>` and a token revocation sends `token:<id>`, on the channel
 * `ramp:<schema>` (so several Ramp installations can share one database). `pg_notify` is
 * transactional: the notice leaves when the write commits and never for a rolled-back one,
 * whichever code path wrote it. SQLite serves one process, which needs no notices.
 */
export function clusterNotify(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind !== 'postgres') return;
      await sql`
        create function ramp_notify() returns trigger language plpgsql as $$
        begin
          if TG_TABLE_NAME = 'changes' then
            perform pg_notify('ramp:' || TG_TABLE_SCHEMA, 'change:' || NEW.revision);
          else
            perform pg_notify('ramp:' || TG_TABLE_SCHEMA, 'token:' || NEW.id);
          end if;
          return null;
        end
        $$`.execute(db);
      await sql`
        create trigger changes_notify after insert on changes
        for each row execute function ramp_notify()`.execute(db);
      await sql`
        create trigger tokens_notify after update of revoked_at on tokens
        for each row execute function ramp_notify()`.execute(db);
    },
  };
}
