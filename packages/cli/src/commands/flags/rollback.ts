import type { Flag, RollbackBody } from '@ramp/api';
import type { Command } from 'commander';
import { parseFlagKey, parsePercentageOption, parseReason } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatPercent } from '../../output/format.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly reason: string;
  readonly to?: string;
}

/** `Rolled back memory_system: 25% → off (version 5)` and the reason. */
export function describeRollback(flag: Flag): string {
  const record = flag.rollbackHistory.at(-1);
  if (record === undefined) return `Rolled back ${flag.key} (version ${flag.version})\n`;
  const to = record.to === 0 ? 'off' : formatPercent(record.to);
  return (
    `Rolled back ${flag.key}: ${formatPercent(record.from)} → ${to} (version ${flag.version})\n` +
    `Reason: ${record.reason}\n`
  );
}

async function run(context: CommandContext, keyText: string, raw: RawOptions): Promise<void> {
  // Checked before anything is sent: a rollback without a reason is refused outright.
  const key = parseFlagKey(keyText, 'KEY');
  const body: RollbackBody = { reason: parseReason(raw.reason) };
  if (raw.to !== undefined) body.to = parsePercentageOption(raw.to, '--to');
  const { client } = connectToServer(context, raw);
  // No version: a rollback applies to whatever the flag is now, so a race cannot block it.
  const flag = await client.rollbackFlag(key, body);
  if (raw.json === true) writeJson(context.io.stdout, flag);
  else context.io.stdout.write(describeRollback(flag));
}

const examples = [
  'ramp flags rollback memory_system --reason "error rate 3x baseline"',
  'ramp flags rollback memory_system --to 5 --reason "p99 latency up at 25%"',
];

/** `ramp flags rollback KEY --reason R [--to P]`: off, or down to a lower percentage. */
export const rollbackCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('rollback')
      .description('Roll a flag back: off, or down to a lower percentage (--to)')
      .argument('<key>', 'flag key')
      .requiredOption('--reason <text>', 'why (required; kept in the flag history and audit log)')
      .option('--to <p>', 'roll back to this lower percentage instead of off');
    addServerOptions(command, 'print the updated flag as JSON');
    command.action((key: string, raw: RawOptions) => run(context, key, raw));
    return addExamples(command, examples);
  },
};
