import { Migrator, sql, type Migration } from 'kysely';
import type { Database, DatabaseKind } from '../database.js';
import { initial } from './0001-initial.js';
import { metrics } from './0002-metrics.js';
import { plans } from './0003-plans.js';
import { webhooks } from './0004-webhooks.js';
import { clusterNotify } from './0005-cluster-notify.js';

/**
 * Every migration, oldest first. Names sort in order; a released migration is never edited,
 * a change gets a new one.
 */
function migrations(kind: DatabaseKind): Record<string, Migration> {
  return {
    '0001-initial': initial(kind),
    '0002-metrics': metrics(),
    '0003-plans': plans(kind),
    '0004-webhooks': webhooks(),
    '0005-cluster-notify': clusterNotify(kind),
  };
}

/**
 * Applies every pending migration; throws (naming the migration) when one fails. Replicas
 * starting together on one PostgreSQL take turns: the first migrates while the others wait
 * on an advisory lock, then find nothing left to do.
 */
export async function migrateToLatest(database: Database): Promise<void> {
  if (database.kind === 'sqlite') return migrate(database);
  await database.db.connection().execute(async (session) => {
    const key = sql`hashtext('ramp-migrate:' || current_schema())`;
    await sql`select pg_advisory_lock(${key})`.execute(session);
    try {
      // Kysely looks for its own tables in every schema unless told which one is Ramp's.
      const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        session,
      );
      await migrate(database, current.rows[0]?.schema);
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(session);
    }
  });
}

async function migrate(database: Database, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    provider: { getMigrations: () => Promise.resolve(migrations(database.kind)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${errorMessage(error)}`, { cause: error });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
