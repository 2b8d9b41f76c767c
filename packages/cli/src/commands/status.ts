import type { Snapshot } from '@ramp/api';
import type { FlagStatus } from '@ramp/sdk';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { loadFeatureFlags } from '../local-flags.js';
import { formatFlagTable, formatKillAllBanner } from '../output/flag-report.js';
import { formatPercent } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { renderTable, type Column } from '../output/table.js';
import {
  addServerOptions,
  connectToServer,
  hasServer,
  type ServerCommandOptions,
} from '../server-client.js';

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

/** The server's view: where it comes from, the kill switch, then the flags. */
export function formatServerStatus(snapshot: Snapshot, url: string): string {
  const heading = `Flags on the server ${url} (revision ${snapshot.revision})\n`;
  const flags = snapshot.flags.length === 0 ? 'No flags yet\n' : formatFlagTable(snapshot.flags);
  return heading + formatKillAllBanner(snapshot.killAll) + flags;
}

interface RawOptions extends ServerCommandOptions {
  readonly local?: boolean;
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  if (raw.local !== true && hasServer(context, raw)) {
    const { url, client } = connectToServer(context, raw);
    const reply = await client.snapshot();
    // Without an ETag sent the server always answers with the snapshot.
    if (reply.notModified) throw new Error(`${url} answered "not modified" to a plain request`);
    if (raw.json === true) writeJson(context.io.stdout, reply.snapshot);
    else context.io.stdout.write(formatServerStatus(reply.snapshot, url));
    return;
  }
  const all = loadFeatureFlags(context).getAllStatus();
  if (raw.json === true) writeJson(context.io.stdout, all);
  else context.io.stdout.write(formatStatus(all, context.cwd));
}

const examples = [
  'ramp status',
  'ramp status --json',
  'RAMP_URL=http://127.0.0.1:4242 RAMP_TOKEN=ramp_… ramp status',
];

/**
 * `ramp status`: with a server (RAMP_URL or --url), the server's flags and kill switch;
 * otherwise every flag this process would see, from env vars and the flags file.
 */
export function registerStatus(program: Command, context: CommandContext): Command {
  const command = program
    .command('status')
    .description('List every flag: the server’s with RAMP_URL, else env vars and the flags file')
    .option('--local', 'show the env vars and flags file even when RAMP_URL is set');
  addServerOptions(
    command,
    'print the statuses as JSON (keyed by flag; from a server, its snapshot)',
  );
  command.action((raw: RawOptions) => run(context, raw));
  return addExamples(command, examples);
}

export const statusCommand: CliCommand = { register: registerStatus, examples };
