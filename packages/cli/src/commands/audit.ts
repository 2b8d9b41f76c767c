import type { AuditQuery } from '@ramp/api';
import type { Command } from 'commander';
import { parseFlagKey, parseTime, parseWholeNumber } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { formatAuditTable } from '../output/audit-report.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { addServerOptions, connectToServer, type ServerCommandOptions } from '../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly flag?: string;
  readonly since?: string;
  readonly limit?: string;
}

/** The query from the command line, checked before anything is sent. */
export function auditQuery(raw: RawOptions): AuditQuery {
  const query: AuditQuery = {};
  if (raw.flag !== undefined) query.flag = parseFlagKey(raw.flag, '--flag');
  if (raw.since !== undefined) query.since = parseTime(raw.since, '--since');
  if (raw.limit !== undefined) {
    query.limit = parseWholeNumber(raw.limit, '--limit', { min: 1, max: 1000 });
  }
  return query;
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  const query = auditQuery(raw);
  const { client } = connectToServer(context, raw);
  const list = await client.audit(query);
  if (raw.json === true) return writeJson(context.io.stdout, list);
  context.io.stdout.write(
    list.events.length === 0 ? 'No audit events match\n' : formatAuditTable(list.events),
  );
}

const examples = [
  'ramp audit',
  'ramp audit --flag memory_system --since 2026-01-01 --limit 20',
  'ramp audit --json',
];

/** `ramp audit`: who changed what, when and why; newest first. */
export const auditCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('audit')
      .description('Show who changed what, when and why, newest first')
      .option('--flag <key>', 'only events about this flag')
      .option('--since <time>', 'only events at or after this ISO 8601 date or date-time')
      .option('--limit <n>', 'at most this many events, 1-1000 (server default 100)');
    addServerOptions(command, 'print the API reply ({ events }) as JSON');
    command.action((raw: RawOptions) => run(context, raw));
    return addExamples(command, examples);
  },
};
