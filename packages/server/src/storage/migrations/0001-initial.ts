import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/** The first schema: flags, kill switch, feed revision and changes, audit events, tokens. */
export function initial(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('flags')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('percentage_bp', 'integer', (c) => c.notNull())
        .addColumn('bucket_by', 'text')
        .addColumn('requires', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('permanent', 'integer', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('rollback_history', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kill_switch')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('since', 'text')
        .execute();
      await sql`insert into kill_switch (id, active) values (1, 0)`.execute(db);

      await db.schema
        .createTable('feed_revision')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into feed_revision (id, revision) values (1, 0)`.execute(db);

      await db.schema
        .createTable('changes')
        .addColumn('revision', 'integer', (c) => c.primaryKey())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'integer', (c) =>
          kind === 'postgres'
            ? c.primaryKey().generatedByDefaultAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('flag', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema
        .createIndex('audit_events_flag_id')
        .on('audit_events')
        .columns(['flag', 'id'])
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
    },
  };
}
