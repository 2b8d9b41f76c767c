import { mkdirSync, renameSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { syncFolder } from '../backup/ramp-database.js';

/**
 * The live files, sidecars first: were a move to stop halfway, a ramp.db left without its
 * -wal loses nothing for good, while a -wal left beside the restored ramp.db would be
 * replayed onto it. A -journal is a hot rollback journal: it too would be applied.
 */
const LIVE_FILES = ['ramp.db-wal', 'ramp.db-shm', 'ramp.db-journal', 'ramp.db'] as const;

/** Live files moved into a `replaced-…` folder, which can be moved back until committed. */
export interface ReplacedFiles {
  /** The folder they are in, or undefined when there were none. */
  readonly folder: string | undefined;
  readonly files: readonly string[];
  /** Moves them back where they were (after a failure). */
  putBack(): void;
}

/**
 * Moves the live database files of `dataDir` into `<dataDir>/replaced-<stamp>/`, never
 * deleting one. When a move fails, the ones already moved go back before it throws.
 *
 * @example
 * const replaced = moveAside('/var/lib/ramp', '2026-05-01T10-15-00-000Z');
 * // replaced.folder === '/var/lib/ramp/replaced-2026-05-01T10-15-00-000Z'
 */
export function moveAside(dataDir: string, stamp: string): ReplacedFiles {
  const present = LIVE_FILES.filter(
    (name) => statSync(join(dataDir, name), { throwIfNoEntry: false }) !== undefined,
  );
  if (present.length === 0) return { folder: undefined, files: [], putBack: () => undefined };
  const folder = join(dataDir, `replaced-${stamp}`);
  // Fails if the folder exists: nothing in it is ever overwritten.
  mkdirSync(folder);
  const moved: string[] = [];
  const putBack = () => {
    for (const name of moved.toReversed()) renameSync(join(folder, name), join(dataDir, name));
    moved.length = 0;
    rmdirSync(folder);
  };
  try {
    for (const name of present) {
      renameSync(join(dataDir, name), join(folder, name));
      moved.push(name);
    }
  } catch (error) {
    putBack();
    throw error;
  }
  syncFolder(folder);
  return { folder, files: present, putBack };
}
