import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '@ramp/server';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../../test-support/run-cli.js';
import { backupSqlite, type BackupProgress } from './sqlite-backup.js';

/** A migrated Ramp database of about 600 pages, and a second connection that writes to it. */
async function rampDatabase(): Promise<{ path: string; writer: SqliteDatabase.Database }> {
  const path = join(tempDir(), 'ramp.db');
  const database = openDatabase({ kind: 'sqlite', path });
  await migrateToLatest(database);
  await database.close();
  const writer = new SqliteDatabase(path);
  onTestFinished(() => {
    writer.close();
  });
  writer.pragma('journal_mode = WAL');
  const insert = writer.prepare(
    "insert into audit_events (at, actor, action, reason) values ('2026-05-01T00:00:00Z', 'test', 'note', ?)",
  );
  for (let i = 0; i < 600; i += 1) insert.run(`${i} `.padEnd(4000, '.'));
  return { path, writer };
}

describe('backupSqlite', () => {
  it('ends even when the database changes after every step, and holds every change', async () => {
    const { path, writer } = await rampDatabase();
    const insert = writer.prepare(
      "insert into audit_events (at, actor, action) values ('2026-05-01T00:00:01Z', 'test', 'write')",
    );
    const seen: BackupProgress[] = [];
    const destination = join(tempDir(), 'copy.db');
    const summary = await backupSqlite({
      source: path,
      destination,
      overwrite: false,
      onProgress: (progress) => {
        seen.push(progress);
        // Another connection commits between every two steps: SQLite starts the copy over.
        insert.run();
      },
    });

    // Each step starts over and copies twice as much as the last, until one step copies all.
    const copied = seen.map((p) => p.totalPages - p.remainingPages);
    expect(copied).toEqual([0, 256, 256, 512, 512]);
    expect(seen.at(-1)?.totalPages).toBeGreaterThan(512);
    expect(seen.at(-1)?.totalPages).toBeLessThan(1024);
    expect(summary).toMatchObject({ path: destination, revision: 0, flags: 0 });
    const copy = new SqliteDatabase(destination, { readonly: true });
    onTestFinished(() => {
      copy.close();
    });
    const writes = copy.prepare("select count(*) as n from audit_events where action = 'write'");
    // Every write was committed before the last step, so every one is in the copy.
    expect(writes.get()).toEqual({ n: seen.length });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(readdirSync(join(destination, '..'))).toEqual(['copy.db']);
  });
});
