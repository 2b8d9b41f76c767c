import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type IsolationLevel } from 'kysely';
import pg from 'pg';
import type { RampSchema } from './schema.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Where the data lives: a SQLite file (or `:memory:`) or a PostgreSQL server. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Tables live in this schema (tests use a fresh one per run). */
      readonly schema?: string | undefined;
    };

/** One query layer over either engine. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<RampSchema>;
  /** Runs `work` in one transaction, committed when it resolves and rolled back if it throws. */
  transaction<T>(work: (trx: Kysely<RampSchema>) => Promise<T>): Promise<T>;
  /** Runs `work` on one consistent view of the data (several reads that must agree). */
  read<T>(work: (trx: Kysely<RampSchema>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (and for SQLite creates) the database. Does not migrate: see `migrateToLatest`.
 *
 * @example
 * const database = openDatabase({ kind: 'sqlite', path: '.ramp/ramp.db' })
 */
export function openDatabase(target: DatabaseTarget): Database {
  return target.kind === 'sqlite' ? openSqlite(target.path) : openPostgres(target);
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers run beside the writer; synchronous=FULL makes every acknowledged commit
  // durable even on power loss (NORMAL would be safe against a process crash only).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<RampSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Kysely runs SQLite on one connection, so transactions are already serialized and every
  // read inside one sees a single state.
  return wrap('sqlite', db);
}

function openPostgres(target: { url: string; schema?: string | undefined }): Database {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.schema === undefined ? {} : { options: `-c search_path=${target.schema}` }),
  });
  // An idle client losing its connection must not crash the process; the next query
  // reconnects and /health/deep reports the outage.
  pool.on('error', () => undefined);
  const db = new Kysely<RampSchema>({ dialect: new PostgresDialect({ pool }) });
  // Several reads (flags, kill switch, revision) must come from one snapshot of the data.
  return wrap('postgres', db, 'repeatable read');
}

function wrap(
  kind: DatabaseKind,
  db: Kysely<RampSchema>,
  readIsolation?: IsolationLevel,
): Database {
  return {
    kind,
    db,
    transaction: (work) => db.transaction().execute(work),
    read: (work) => {
      const builder = db.transaction();
      return (
        readIsolation === undefined ? builder : builder.setIsolationLevel(readIsolation)
      ).execute(work);
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
