import { randomBytes } from 'node:crypto';
import { linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  openRampDatabase,
  readRampContents,
  structureProblem,
  syncFolder,
  type RampContents,
} from './ramp-database.js';

/** How far the copy is, in database pages (it starts over when the server writes meanwhile). */
export interface BackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface SqliteBackupOptions {
  /** The live database, `<data dir>/ramp.db`. */
  readonly source: string;
  /** Where the copy goes (an absolute path whose folder exists). */
  readonly destination: string;
  /** Replace the destination if it exists; otherwise a file there is never touched. */
  readonly overwrite: boolean;
  readonly onProgress?: (progress: BackupProgress) => void;
}

/** What was written, read back from the copy itself (revision and flags: the copy's). */
export interface BackupSummary extends RampContents {
  readonly path: string;
  readonly bytes: number;
}

/** The refusal to replace a file that exists. */
export function destinationExists(path: string): Error {
  return new Error(`${path} exists; pass --force to replace it`);
}

/** Pages copied per step at first; 256 pages of 4 KiB are 1 MiB. */
const FIRST_STEP_PAGES = 256;
/** better-sqlite3's largest step; a step this big copies any Ramp database at once. */
const MAX_STEP_PAGES = 0x7fffffff;

/**
 * Copies a live Ramp SQLite database with SQLite's online backup API while the server keeps
 * writing, into a temporary file beside the destination that is checked and then moved into
 * place, so the destination is never half-written. The copy is one consistent state of the
 * database: every change committed before the copy started, and none half-applied.
 *
 * @example
 * const summary = await backupSqlite({
 *   source: '/var/lib/ramp/ramp.db',
 *   destination: '/backups/ramp-2026-05-01.db',
 *   overwrite: false,
 * });
 */
export async function backupSqlite(options: SqliteBackupOptions): Promise<BackupSummary> {
  const { source, destination } = options;
  const temp = `${destination}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await copyPages(source, temp, options.onProgress);
    const contents = checkCopy(temp, source);
    place(temp, destination, options.overwrite);
    syncFolder(dirname(destination));
    return { path: destination, bytes: statSync(destination).size, ...contents };
  } finally {
    // Gone after a successful move; after a failure, nothing of the attempt is left behind.
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  }
}

async function copyPages(
  source: string,
  temp: string,
  onProgress: ((progress: BackupProgress) => void) | undefined,
): Promise<void> {
  // Only read from. Not opened read-only: when the server is stopped, closing a read-write
  // connection removes the -wal and -shm files that opening it created.
  const db = openRampDatabase(source);
  try {
    readRampContents(db, source);
    let stepPages = FIRST_STEP_PAGES;
    let lastRemaining = Infinity;
    await db.backup(temp, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.({ totalPages, remainingPages });
        // No progress since the last step means the server wrote in between and SQLite started
        // the copy over. Copying twice as much per step makes it end even under steady writes.
        if (remainingPages >= lastRemaining) stepPages = Math.min(stepPages * 2, MAX_STEP_PAGES);
        lastRemaining = remainingPages;
        return stepPages;
      },
    });
  } finally {
    db.close();
  }
}

/**
 * Makes the copy a single self-contained file (rollback journal instead of WAL; `ramp serve`
 * turns WAL back on when it opens it), checks its structure and reads what it holds.
 */
function checkCopy(temp: string, source: string): RampContents {
  const db = openRampDatabase(temp);
  try {
    db.pragma('journal_mode = DELETE');
    const problem = structureProblem(db);
    if (problem !== undefined) {
      throw new Error(
        `the copy failed SQLite's quick_check (${problem}); ` +
          `check the live database with: sqlite3 ${source} "pragma integrity_check"`,
      );
    }
    return readRampContents(db, temp);
  } finally {
    db.close();
  }
}

/** Moves the finished copy to the destination; without `overwrite`, never onto a file. */
function place(temp: string, destination: string, overwrite: boolean): void {
  if (overwrite) return renameSync(temp, destination);
  try {
    // A hard link fails if the destination exists, even one created since the first check.
    linkSync(temp, destination);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw destinationExists(destination);
    // A file system without hard links: check, then move.
    if (statSync(destination, { throwIfNoEntry: false }) !== undefined) {
      throw destinationExists(destination);
    }
    renameSync(temp, destination);
  }
}
