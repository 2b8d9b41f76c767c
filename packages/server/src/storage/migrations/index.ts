import { Migrator, type Migration } from 'kysely';
import type { Database, DatabaseKind } from '../database.js';
import { initial } from './0001-initial.js';
import { metrics } from './0002-metrics.js';
import { plans } from './0003-plans.js';
import { webhooks } from './0004-webhooks.js';

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
  };
}

/** Applies every pending migration; throws (naming the migration) when one fails. */
export async function migrateToLatest(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
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
