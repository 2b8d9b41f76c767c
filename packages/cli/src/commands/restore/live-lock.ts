import type SqliteDatabase from 'better-sqlite3';
import { openRampDatabase, readRampContents } from '../backup/ramp-database.js';

/** The live database, locked against every other connection until `release()`. */
export interface LiveLock {
  /** Its feed revision: the newest one SDKs may have seen. */
  readonly revision: number;
  /** Ends the lock (SQLite folds a leftover ramp.db-wal into ramp.db, as ramp serve would). */
  release(): void;
}

/** How long a write of the server may hold the lock before the database counts as in use. */
const BUSY_TIMEOUT_MS = 500;

/**
 * Takes an exclusive lock on the live database and reads its revision, or throws a one-line
 * refusal when another process (a running `ramp serve`) has it open.
 *
 * A plain `BEGIN EXCLUSIVE` is not enough: in WAL mode it only excludes other writers, and
 * succeeds while an idle server has the database open. In EXCLUSIVE locking mode SQLite takes
 * the lock on the file itself, which every open WAL connection blocks.
 *
 * @example
 * const live = lockLiveDatabase('/var/lib/ramp/ramp.db');
 * try { console.log(live.revision); } finally { live.release(); }
 */
export function lockLiveDatabase(path: string): LiveLock {
  const db = openRampDatabase(path, { timeoutMs: BUSY_TIMEOUT_MS });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    begin(db, path);
    const { revision } = readLive(db, path);
    return { revision, release: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

function begin(db: SqliteDatabase.Database, path: string): void {
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new Error(`${path} is in use: stop ramp serve before restoring`, { cause: error });
    }
    throw error;
  }
}

function readLive(db: SqliteDatabase.Database, path: string) {
  try {
    return readRampContents(db, path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot read the revision of the live database: ${reason}; ` +
        'move ramp.db and its -wal and -shm files out of the data directory to restore without it',
      { cause: error },
    );
  }
}
