import { randomBytes } from 'node:crypto';
import { chownSync, chmodSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import {
  openRampDatabase,
  readRampContents,
  structureProblem,
  syncFile,
  syncFolder,
} from '../backup/ramp-database.js';
import { lockLiveDatabase, type LiveLock } from './live-lock.js';
import { moveAside } from './replaced-files.js';

export interface SqliteRestoreOptions {
  /** The backup to restore (an absolute path). */
  readonly backup: string;
  /** The folder of the live ramp.db, which must exist. */
  readonly dataDir: string;
}

/** What a restore will do, known before anything is written. */
export interface RestorePlan {
  readonly backup: string;
  /** `<data dir>/ramp.db`. */
  readonly database: string;
  readonly backupRevision: number;
  /** Flags in the backup, archived ones left out. */
  readonly flags: number;
  /** The live database's revision, or null when there is none. */
  readonly replacedRevision: number | null;
  /** The restored store's revision: past both, so every SDK takes its snapshot. */
  readonly revision: number;
}

export interface RestoreSummary extends RestorePlan {
  /** Where the replaced files went, or null when there were none. */
  readonly replacedFolder: string | null;
  readonly replacedFiles: readonly string[];
}

/** The locked live database and its file's owner and permissions. */
interface LiveDatabase {
  readonly lock: LiveLock;
  readonly stats: Stats;
}

/** Who restored, and when (ISO 8601), for the audit log. */
export interface RestoreAudit {
  readonly actor: string;
  readonly at: string;
}

/**
 * Replaces a stopped server's SQLite database with a backup. `open` checks the backup, locks
 * the live database and reads both revisions; `apply` then writes a copy of the backup at a
 * revision past both (with an audit event), moves the live files into `replaced-<time>/` and
 * renames the copy to ramp.db. Until that last rename the live files are as they were.
 *
 * SDKs never apply a configuration older than the last they applied, so the restored store
 * must be newer than anything they saw: the server then sends them its snapshot.
 *
 * @example
 * const restore = await SqliteRestore.open({ backup: '/backups/ramp.db', dataDir: '/var/lib/ramp' });
 * try {
 *   await restore.apply({ actor: 'carol', at: new Date().toISOString() });
 * } finally {
 *   restore.close();
 * }
 */
export class SqliteRestore {
  readonly plan: RestorePlan;
  readonly #dataDir: string;
  readonly #live: LiveDatabase | undefined;
  #closed = false;

  private constructor(plan: RestorePlan, dataDir: string, live: LiveDatabase | undefined) {
    this.plan = plan;
    this.#dataDir = dataDir;
    this.#live = live;
  }

  static async open({ backup, dataDir }: SqliteRestoreOptions): Promise<SqliteRestore> {
    const contents = await readBackup(backup, (db) => readRampContents(db, backup));
    const database = join(dataDir, 'ramp.db');
    const stats = statSync(database, { throwIfNoEntry: false });
    const live = stats === undefined ? undefined : { lock: lockLiveDatabase(database), stats };
    const replacedRevision = live?.lock.revision ?? null;
    const plan: RestorePlan = {
      backup,
      database,
      backupRevision: contents.revision,
      flags: contents.flags,
      replacedRevision,
      revision: Math.max(contents.revision, replacedRevision ?? 0) + 1,
    };
    return new SqliteRestore(plan, dataDir, live);
  }

  async apply(audit: RestoreAudit): Promise<RestoreSummary> {
    if (this.#closed) throw new Error('the restore was closed');
    const temp = join(this.#dataDir, `ramp.db.restore-${randomBytes(4).toString('hex')}`);
    try {
      await readBackup(this.plan.backup, (db) => db.backup(temp));
      writeRestoredState(temp, this.plan, audit);
      if (this.#live !== undefined) giveOwnership(temp, this.#live.stats, this.plan.database);
      syncFile(temp);
      // The lock ends here: the live files move next, and a lock on a moved file guards nothing.
      this.close();
      const replaced = moveAside(this.#dataDir, audit.at.replaceAll(/[:.]/g, '-'));
      try {
        renameSync(temp, this.plan.database);
      } catch (error) {
        replaced.putBack();
        throw error;
      }
      syncFolder(this.#dataDir);
      return {
        ...this.plan,
        replacedFolder: replaced.folder ?? null,
        replacedFiles: replaced.files,
      };
    } finally {
      // Gone after the rename; after a failure, nothing of the attempt is left behind.
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
    }
  }

  /** Ends the lock on the live database. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#live?.lock.release();
  }
}

/**
 * Reads the backup without changing it: read-only, and without the -wal and -shm files that
 * SQLite creates to read a file marked WAL (as `sqlite3 .backup` writes them) left behind.
 */
async function readBackup<T>(
  backup: string,
  read: (db: SqliteDatabase.Database) => T | Promise<T>,
): Promise<T> {
  const created = ['-wal', '-shm']
    .map((suffix) => backup + suffix)
    .filter((path) => statSync(path, { throwIfNoEntry: false }) === undefined);
  const db = openRampDatabase(backup, { readonly: true });
  try {
    return await read(db);
  } finally {
    db.close();
    for (const path of created) rmSync(path, { force: true });
  }
}

/** Checks the copy, then raises its revision and records the restore, in one transaction. */
function writeRestoredState(temp: string, plan: RestorePlan, audit: RestoreAudit): void {
  const db = openRampDatabase(temp);
  try {
    // One self-contained file, as `ramp backup` writes; `ramp serve` turns WAL back on.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    const problem = structureProblem(db);
    if (problem !== undefined) {
      throw new Error(`${plan.backup} failed SQLite's quick_check (${problem})`);
    }
    db.transaction(() => {
      setRevision(db, plan.revision);
      appendAuditEvent(db, plan, audit);
    })();
  } finally {
    db.close();
  }
}

function setRevision(db: SqliteDatabase.Database, revision: number): void {
  const updated = db.prepare('update feed_revision set revision = ? where id = 1').run(revision);
  if (updated.changes === 0) {
    db.prepare('insert into feed_revision (id, revision) values (1, ?)').run(revision);
  }
}

/** The audit event, stored as KyselyAuditStore stores one (before and after as JSON text). */
function appendAuditEvent(db: SqliteDatabase.Database, plan: RestorePlan, audit: RestoreAudit) {
  const replaced =
    plan.replacedRevision === null
      ? 'no database replaced'
      : `replaced database at revision ${plan.replacedRevision}`;
  db.prepare(
    'insert into audit_events (at, actor, action, flag, before, after, reason) ' +
      "values (?, ?, 'store.restore', null, ?, ?, ?)",
  ).run(
    audit.at,
    audit.actor,
    plan.replacedRevision === null ? null : JSON.stringify({ revision: plan.replacedRevision }),
    JSON.stringify({ revision: plan.revision }),
    `restored ${plan.backup} (backup at revision ${plan.backupRevision}, ${replaced})`,
  );
}

/** The restored file gets the replaced one's permissions and owner, so the server can write it. */
function giveOwnership(temp: string, live: Stats, database: string): void {
  chmodSync(temp, live.mode & 0o7777);
  const mine = statSync(temp);
  if (mine.uid === live.uid && mine.gid === live.gid) return;
  try {
    chownSync(temp, live.uid, live.gid);
  } catch (error) {
    throw new Error(
      `cannot give the restored database the owner of ${database} (uid ${live.uid}, ` +
        `gid ${live.gid}): run ramp restore as that user or as root`,
      { cause: error },
    );
  }
}
