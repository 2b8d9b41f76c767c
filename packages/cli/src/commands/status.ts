import type { FlagStatus } from '@ramp/sdk';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { loadFeatureFlags } from '../local-flags.js';
import { formatPercent } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { renderTable, type Column } from '../output/table.js';

const columns: readonly Column[] = [
  { header: 'FLAG' },
  { header: 'ENABLED' },
  { header: 'PERCENTAGE', align: 'right' },
  { header: 'SOURCE' },
  { header: 'ROLLBACKS', align: 'right' },
  { header: 'ERROR' },
];

/** One table row per flag: key, enabled, percentage, source, rollbacks and error. */
export function statusRows(all: Readonly<Record<string, FlagStatus>>): string[][] {
  return Object.entries(all).map(([key, status]) => [
    key,
    status.enabled ? 'yes' : 'no',
    formatPercent(status.rolloutPercentage),
    status.source,
    String(status.rollbackHistory.length),
    status.error ?? '',
  ]);
}

/** The text report: the table, or a line saying where flags would come from. */
export function formatStatus(all: Readonly<Record<string, FlagStatus>>, cwd: string): string {
  const rows = statusRows(all);
  if (rows.length === 0) {
    return `No flags: set <KEY>_ENABLED / <KEY>_ROLLOUT_PERCENTAGE or add ramp.flags.json in ${cwd}\n`;
  }
  return renderTable(columns, rows);
}

interface RawOptions {
  readonly json?: boolean;
}

function run(context: CommandContext, raw: RawOptions): void {
  const all = loadFeatureFlags(context).getAllStatus();
  if (raw.json === true) writeJson(context.io.stdout, all);
  else context.io.stdout.write(formatStatus(all, context.cwd));
}

const examples = ['ramp status', 'ramp status --json'];

/** `ramp status`: every flag this process would see, from env vars and the flags file. */
export function registerStatus(program: Command, context: CommandContext): Command {
  const command = program
    .command('status')
    .description('List every flag from env vars and the flags file: enabled, percentage, source')
    .option('--json', 'print the statuses as JSON, keyed by flag')
    .action((raw: RawOptions) => run(context, raw));
  return addExamples(command, examples);
}

export const statusCommand: CliCommand = { register: registerStatus, examples };
