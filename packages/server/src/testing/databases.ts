import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrations/index.js';

/** The PostgreSQL the tests use (trust auth on this machine; CI starts it). */
export const POSTGRES_URL =
  process.env.RAMP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated database that `drop()` closes and deletes. */
export interface TestDatabase {
  readonly database: Database;
  drop(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ramp-test-'));
}

export async function sqliteTestDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  const database = openDatabase({ kind: 'sqlite', path: join(dir, 'ramp.db') });
  await migrateToLatest(database);
  return {
    database,
    drop: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema (`ramp_test_<random>`) that exists only for this test file. */
export async function postgresSchema(): Promise<{
  name: string;
  url: string;
  drop(): Promise<void>;
}> {
  const name = `ramp_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${name}`);
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return { name, url, drop: () => adminQuery(`drop schema if exists ${name} cascade`) };
}

export async function postgresTestDatabase(): Promise<TestDatabase> {
  const schema = await postgresSchema();
  const database = openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema: schema.name });
  await migrateToLatest(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await schema.drop();
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
