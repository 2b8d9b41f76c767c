import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { createProgressBar, silentProgress, type Progress } from '../output/progress-bar.js';
import { requireDataDir, resolveDataDir, usesPostgres } from './backup/data-dir.js';
import {
  backupSqlite,
  destinationExists,
  type BackupProgress,
  type BackupSummary,
} from './backup/sqlite-backup.js';

interface RawOptions {
  readonly data?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

/** The refusal when the data is in PostgreSQL, with the command that does back it up. */
export function postgresRefusal(file: string): string {
  return (
    'DATABASE_URL is set: the data is in PostgreSQL, which ramp backup does not copy; ' +
    `back it up with: pg_dump --format=custom --file=${shellWord(file)} "$DATABASE_URL"`
  );
}

/** `/backups/ramp.db: 1.2 MB, revision 42, 17 flags`. */
export function formatSummary(summary: BackupSummary): string {
  const flags = summary.flags === 1 ? '1 flag' : `${summary.flags} flags`;
  return (
    `Backed up to ${summary.path}: ${formatBytes(summary.bytes)}, ` +
    `revision ${summary.revision}, ${flags}\n`
  );
}

/**
 * A size for people, in powers of 1024.
 *
 * @example
 * formatBytes(1_258_291) // '1.2 MB'
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The checks before anything is opened: where from, where to, and whether it may go there. */
function paths(context: CommandContext, file: string, raw: RawOptions) {
  const dataDir = resolveDataDir(raw.data, context.io.env, context.cwd);
  const source = join(dataDir, 'ramp.db');
  const destination = resolve(context.cwd, file);
  requireDataDir(dataDir);
  if (statSync(source, { throwIfNoEntry: false }) === undefined) {
    throw new Error(`no Ramp database in ${dataDir} (ramp.db is missing; pass --data)`);
  }
  if ([source, `${source}-wal`, `${source}-shm`].includes(destination)) {
    throw new Error(`${destination} is the live database; back up to another file`);
  }
  if (statSync(dirname(destination), { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new Error(`no directory ${dirname(destination)} to write the backup in`);
  }
  const existing = statSync(destination, { throwIfNoEntry: false });
  if (existing?.isDirectory() === true) {
    throw new Error(`${destination} is a directory; name the backup file`);
  }
  if (existing !== undefined && raw.force !== true) {
    throw destinationExists(destination);
  }
  return { source, destination };
}

/** A bar on a terminal, redrawn as pages are copied; a new one when the total changes. */
function progressReporter(context: CommandContext) {
  let bar: Progress = silentProgress;
  let total = -1;
  const report = ({ totalPages, remainingPages }: BackupProgress) => {
    if (!context.io.isTTY) return;
    if (totalPages !== total) {
      bar.finish();
      total = totalPages;
      bar = createProgressBar({ stream: context.io.stderr, total, now: context.now });
    }
    bar.update(totalPages - remainingPages);
  };
  return { report, finish: () => bar.finish() };
}

async function run(context: CommandContext, file: string, raw: RawOptions): Promise<void> {
  // Pretending to back up a SQLite file the server does not use would be worse than failing.
  if (usesPostgres(context.io.env)) throw new Error(postgresRefusal(file));
  const { source, destination } = paths(context, file, raw);
  const progress = progressReporter(context);
  let summary: BackupSummary;
  try {
    summary = await backupSqlite({
      source,
      destination,
      overwrite: raw.force === true,
      onProgress: progress.report,
    });
  } finally {
    progress.finish();
  }
  if (raw.json === true) writeJson(context.io.stdout, { source, ...summary });
  else context.io.stdout.write(formatSummary(summary));
}

const examples = [
  'ramp backup /backups/ramp-$(date +%F).db',
  'ramp backup ramp-copy.db --data /var/lib/ramp --force',
];

/** `ramp backup FILE`: a consistent copy of the SQLite store while `ramp serve` runs. */
export const backupCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('backup')
      .description('Copy the SQLite database to a file while ramp serve keeps running')
      .argument('<file>', 'the backup file to write (its folder must exist)')
      .option(
        '--data <dir>',
        'the folder of ramp.db, as given to ramp serve --data (default RAMP_DATA_DIR, else ./.ramp)',
      )
      .option('--force', 'replace the file if it exists')
      .option('--json', 'print { source, path, bytes, revision, flags } as JSON')
      .action((file: string, raw: RawOptions) => run(context, file, raw));
    command.addHelpText(
      'after',
      '\nThe copy is written beside the file under a temporary name, checked, then renamed, so the\n' +
        'file is never half-written. With DATABASE_URL set (PostgreSQL) it refuses: use pg_dump.',
    );
    return addExamples(command, examples);
  },
};
