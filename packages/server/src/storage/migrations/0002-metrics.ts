import type { Kysely, Migration } from 'kysely';

/**
 * Per-minute metric aggregates from SDKs: values and counters per (minute, metric, flag,
 * cohort), exposures per (minute, flag, cohort), events per (minute, name, flag, cohort).
 * Global rows have flag `''` and cohort `all` (a primary key column cannot be null). Counts and
 * sums are doubles: exact for whole numbers up to 2^53 on both engines.
 */
export function metrics(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('metric_minutes')
        .addColumn('minute', 'integer', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('flag', 'text', (c) => c.notNull())
        .addColumn('cohort', 'text', (c) => c.notNull())
        .addColumn('count', 'double precision', (c) => c.notNull())
        .addColumn('sum', 'double precision', (c) => c.notNull())
        .addColumn('sum_squares', 'double precision', (c) => c.notNull())
        .addColumn('min', 'double precision')
        .addColumn('max', 'double precision')
        .addColumn('sketch', 'text')
        .addPrimaryKeyConstraint('metric_minutes_pk', ['minute', 'metric', 'flag', 'cohort'])
        .execute();

      await db.schema
        .createTable('metric_exposures')
        .addColumn('minute', 'integer', (c) => c.notNull())
        .addColumn('flag', 'text', (c) => c.notNull())
        .addColumn('cohort', 'text', (c) => c.notNull())
        .addColumn('count', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('metric_exposures_pk', ['minute', 'flag', 'cohort'])
        .execute();

      await db.schema
        .createTable('metric_events')
        .addColumn('minute', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('flag', 'text', (c) => c.notNull())
        .addColumn('cohort', 'text', (c) => c.notNull())
        .addColumn('count', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('metric_events_pk', ['minute', 'name', 'flag', 'cohort'])
        .execute();
    },
  };
}
