import type { KillAllState } from '@ramp/api';
import type { Command } from 'commander';
import { parseReason } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { formatTime } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { addServerOptions, connectToServer, type ServerCommandOptions } from '../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly reason: string;
  readonly off?: boolean;
}

/** What the kill switch is now, in words. */
export function describeKillAll(state: KillAllState): string {
  if (!state.active) return 'Kill switch off: flags serve their own settings again\n';
  const since = state.since === null ? '' : ` since ${formatTime(state.since)}`;
  return (
    `Kill switch ON${since}: every flag is off for every session\n` +
    `Reason: ${state.reason ?? '-'}\n` +
    'Undo with: ramp kill-all --off --reason "…"\n'
  );
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  const reason = parseReason(raw.reason);
  const { client } = connectToServer(context, raw);
  const state = raw.off === true ? await client.undoKillAll(reason) : await client.killAll(reason);
  if (raw.json === true) writeJson(context.io.stdout, state);
  else context.io.stdout.write(describeKillAll(state));
}

const examples = [
  'ramp kill-all --reason "incident 4211: checkout errors"',
  'ramp kill-all --off --reason "incident 4211 resolved"',
];

/** `ramp kill-all`: every flag off everywhere at once, and `--off` to undo it. */
export const killAllCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('kill-all')
      .description('Turn every flag off everywhere at once; --off undoes it')
      .requiredOption('--reason <text>', 'why (required; kept in the audit log)')
      .option('--off', 'undo: flags serve their own settings again');
    addServerOptions(command, 'print the kill switch state as JSON');
    command.action((raw: RawOptions) => run(context, raw));
    return addExamples(command, examples);
  },
};
