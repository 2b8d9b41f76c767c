import {
  DEFAULT_STALE_DAYS,
  staleFlags,
  type Flag,
  type StaleFlag,
  type StaleKind,
} from '@ramp/api';
import type { Command } from 'commander';
import { parseWholeNumber } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatDaysAgo } from '../../output/format.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import { renderTable, type Column } from '../../output/table.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly days: string;
}

const ADVICE: Record<StaleKind, { readonly state: string; readonly advice: string }> = {
  'fully-on': { state: 'on for everyone', advice: 'remove the flag; keep the new code path' },
  'fully-off': { state: 'off for everyone', advice: 'remove the flag and the code it guards' },
};

const columns: readonly Column[] = [
  { header: 'FLAG' },
  { header: 'STATE' },
  { header: 'LAST CHANGE' },
  { header: 'OWNER' },
  { header: 'WHAT TO DO' },
];

/** The stale flags as a table, or a line saying there are none. */
export function formatStale(stale: readonly StaleFlag<Flag>[], days: number): string {
  if (stale.length === 0) {
    return `No stale flags: none at 100% or 0% and unchanged for ${days} days or more\n`;
  }
  const rows = stale.map(({ flag, kind, ageDays }) => [
    flag.key,
    ADVICE[kind].state,
    formatDaysAgo(ageDays),
    flag.owner ?? '',
    ADVICE[kind].advice,
  ]);
  return renderTable(columns, rows);
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  const olderThanDays = parseWholeNumber(raw.days, '--days', { min: 0, max: 36_500 });
  const { client } = connectToServer(context, raw);
  const { flags } = await client.listFlags();
  const stale = staleFlags(flags, { now: context.now(), olderThanDays });
  if (raw.json === true) writeJson(context.io.stdout, { olderThanDays, stale });
  else context.io.stdout.write(formatStale(stale, olderThanDays));
}

const examples = ['ramp flags stale', 'ramp flags stale --days 90 --json'];

/** `ramp flags stale`: flags fully on or off and untouched for a while, ready to remove. */
export const staleCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('stale')
      .description('List flags fully on or off and unchanged for --days: ready to remove')
      .option('--days <n>', 'how long unchanged, in whole days', String(DEFAULT_STALE_DAYS));
    addServerOptions(command, 'print { olderThanDays, stale: [{ flag, kind, ageDays }] } as JSON');
    command.action((raw: RawOptions) => run(context, raw));
    return addExamples(command, examples);
  },
};
