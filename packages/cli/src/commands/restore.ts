import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { requireDataDir, resolveDataDir, usesPostgres } from './backup/data-dir.js';
import { askYesNo } from './restore/ask-yes-no.js';
import { SqliteRestore, type RestorePlan, type RestoreSummary } from './restore/sqlite-restore.js';

interface RawOptions {
  readonly data?: string;
  readonly yes?: boolean;
  readonly actor?: string;
  readonly json?: boolean;
}

/** The refusal when the data is in PostgreSQL, with where the procedure is. */
export const POSTGRES_REFUSAL =
  'DATABASE_URL is set: the data is in PostgreSQL, which ramp restore does not restore; ' +
  'use pg_restore, then raise the feed revision before starting the servers ' +
  '(docs/OPERATIONS.md, "PostgreSQL: restore")';

/**
 * `Restored /backups/ramp.db into /var/lib/ramp/ramp.db: revision 40 → 41 (the backup was at
 * 31); the replaced files are in /var/lib/ramp/replaced-2026-05-01T10-15-00-000Z`.
 */
export function formatRestoreSummary(summary: RestoreSummary): string {
  const from = summary.replacedRevision === null ? '' : `${summary.replacedRevision} → `;
  const replaced =
    summary.replacedFolder === null
      ? 'there was no database to replace'
      : `the replaced files are in ${summary.replacedFolder}`;
  return (
    `Restored ${summary.backup} into ${summary.database}: revision ${from}${summary.revision} ` +
    `(the backup was at ${summary.backupRevision}); ${replaced}\n`
  );
}

/** The checks before anything is opened: the data dir, and a backup that is not ramp.db. */
function paths(context: CommandContext, file: string, raw: RawOptions) {
  const dataDir = resolveDataDir(raw.data, context.io.env, context.cwd);
  const backup = resolve(context.cwd, file);
  requireDataDir(dataDir);
  if (statSync(backup, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new Error(`no backup file ${backup}`);
  }
  const live = join(dataDir, 'ramp.db');
  if ([live, `${live}-wal`, `${live}-shm`].includes(backup)) {
    throw new Error(`${backup} is the live database; name a backup file`);
  }
  return { backup, dataDir };
}

function actorOf(raw: RawOptions): string {
  const actor = raw.actor?.trim();
  if (actor !== undefined) {
    if (actor === '') throw new UsageError('--actor must not be blank');
    return actor;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Whether a person can answer: both the prompt's stream and stdin are terminals. */
function canAsk(context: CommandContext): boolean {
  return context.io.isTTY && process.stdin.isTTY === true;
}

async function confirmed(context: CommandContext, plan: RestorePlan): Promise<boolean> {
  const replaced = plan.replacedRevision === null ? '' : ` (revision ${plan.replacedRevision})`;
  const question =
    `Replace ${plan.database}${replaced} with ${plan.backup} (revision ${plan.backupRevision})? ` +
    'Changes made since the backup are lost from the store; the replaced files are kept. [y/N] ';
  return askYesNo(question, { input: process.stdin, output: context.io.stderr });
}

async function run(context: CommandContext, file: string, raw: RawOptions): Promise<void> {
  if (usesPostgres(context.io.env)) throw new Error(POSTGRES_REFUSAL);
  const actor = actorOf(raw);
  const { backup, dataDir } = paths(context, file, raw);
  if (raw.yes !== true && !canAsk(context)) {
    throw new UsageError(
      `not replacing ${join(dataDir, 'ramp.db')} without --yes (no terminal to ask on)`,
    );
  }
  const restore = await SqliteRestore.open({ backup, dataDir });
  let summary: RestoreSummary;
  try {
    if (raw.yes !== true && !(await confirmed(context, restore.plan))) {
      throw new Error('not restored: nothing was changed');
    }
    summary = await restore.apply({ actor, at: new Date(context.now()).toISOString() });
  } finally {
    restore.close();
  }
  if (raw.json === true) writeJson(context.io.stdout, summary);
  else context.io.stdout.write(formatRestoreSummary(summary));
}

const examples = [
  'ramp restore /backups/ramp-2026-05-01.db --data /var/lib/ramp',
  'ramp restore ramp-copy.db --yes --actor carol',
];

/** `ramp restore FILE`: replaces a stopped server's SQLite database with a backup. */
export const restoreCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('restore')
      .description('Replace the SQLite database with a backup (stop ramp serve first)')
      .argument('<file>', 'the backup to restore, as written by ramp backup')
      .option(
        '--data <dir>',
        'the folder of ramp.db, as given to ramp serve --data (default RAMP_DATA_DIR, else ./.ramp)',
      )
      .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
      .option('--actor <name>', 'who restores, for the audit log (default the OS user name)')
      .option('--json', 'print what was done as JSON')
      .action((file: string, raw: RawOptions) => run(context, file, raw));
    command.addHelpText(
      'after',
      '\nramp serve must be stopped: ramp restore refuses while the database is in use. The\n' +
        'restored store gets a revision past the backup and the replaced database, so connected\n' +
        'SDKs take the restored flags when they reconnect, without a restart. The replaced files\n' +
        'are moved into <data dir>/replaced-<time>/, never deleted. With DATABASE_URL set\n' +
        '(PostgreSQL) it refuses: use pg_restore, as docs/OPERATIONS.md says.',
    );
    return addExamples(command, examples);
  },
};
