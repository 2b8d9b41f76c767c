import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatFlagTable } from '../../output/flag-report.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly archived?: boolean;
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  const { url, client } = connectToServer(context, raw);
  const list = await client.listFlags(raw.archived === true ? { archived: true } : {});
  if (raw.json === true) return writeJson(context.io.stdout, list);
  context.io.stdout.write(
    list.flags.length === 0
      ? `No flags on ${url}; add one with \`ramp flags create KEY\`\n`
      : formatFlagTable(list.flags),
  );
}

const examples = ['ramp flags list', 'ramp flags list --archived --json'];

/** `ramp flags list`: every flag on the server. */
export const listCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('list')
      .description('List the flags: enabled, percentage, version, last change, owner')
      .option('--archived', 'include archived flags');
    addServerOptions(command, 'print the API reply ({ flags, revision }) as JSON');
    command.action((raw: RawOptions) => run(context, raw));
    return addExamples(command, examples);
  },
};
