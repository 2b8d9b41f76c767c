import type { Command } from 'commander';
import { parseFlagKey } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatFlag } from '../../output/flag-report.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

async function run(context: CommandContext, keyText: string, raw: ServerCommandOptions) {
  const key = parseFlagKey(keyText, 'KEY');
  const { client } = connectToServer(context, raw);
  const flag = await client.getFlag(key);
  if (raw.json === true) writeJson(context.io.stdout, flag);
  else context.io.stdout.write(formatFlag(flag));
}

const examples = ['ramp flags get memory_system', 'ramp flags get memory_system --json'];

/** `ramp flags get KEY`: one flag with its rollback history. */
export const getCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('get')
      .description('Show one flag: its settings, version and rollback history')
      .argument('<key>', 'flag key');
    addServerOptions(command, 'print the flag as JSON');
    command.action((key: string, raw: ServerCommandOptions) => run(context, key, raw));
    return addExamples(command, examples);
  },
};
