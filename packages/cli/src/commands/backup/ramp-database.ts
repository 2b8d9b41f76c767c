import { closeSync, fsyncSync, openSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/** What a Ramp database holds, in a few numbers. */
export interface RampContents {
  /** The feed revision: the last change it holds. */
  readonly revision: number;
  /** Flags, archived ones left out. */
  readonly flags: number;
}

/**
 * Opens a SQLite file that must exist. It waits for other connections' locks as long as the
 * server itself does (busy_timeout 5000) unless told otherwise.
 */
export function openRampDatabase(
  path: string,
  options: { readonly readonly?: boolean; readonly timeoutMs?: number } = {},
): SqliteDatabase.Database {
  return new SqliteDatabase(path, {
    fileMustExist: true,
    readonly: options.readonly ?? false,
    timeout: options.timeoutMs ?? 5000,
  });
}

/** The revision and the flag count; throws in plain words when the file is not Ramp's. */
export function readRampContents(db: SqliteDatabase.Database, path: string): RampContents {
  try {
    const feed = db.prepare('select revision from feed_revision where id = 1').get() as
      { revision: number } | undefined;
    const flags = db.prepare('select count(*) as n from flags where archived = 0').get() as {
      n: number;
    };
    return { revision: feed?.revision ?? 0, flags: flags.n };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${path} is not a Ramp database (${reason})`, { cause: error });
  }
}

/** SQLite's quick_check: undefined when the structure is sound, else what it found. */
export function structureProblem(db: SqliteDatabase.Database): string | undefined {
  const check: unknown = db.pragma('quick_check', { simple: true });
  return check === 'ok' ? undefined : String(check);
}

/** Makes a file's contents durable. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the new directory entries durable, so a crash right after cannot lose a rename. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some systems (Windows) cannot sync a folder; the files themselves are already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
