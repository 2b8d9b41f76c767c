import type { CreateFlagBody } from '@ramp/api';
import type { Command } from 'commander';
import { parseFlagKey, parseList, parsePercentageOption } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatServing } from '../../output/format.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly percentage?: string;
  readonly enabled?: boolean;
  readonly description?: string;
  readonly bucketBy?: string;
  readonly requires?: string;
  readonly owner?: string;
  readonly permanent?: boolean;
}

/** The create request from the command line; omitted options are left to the server. */
export function createBody(key: string, raw: RawOptions): CreateFlagBody {
  return {
    key: parseFlagKey(key, 'KEY'),
    ...(raw.percentage !== undefined && { percentage: parsePercentageOption(raw.percentage) }),
    ...(raw.enabled === true && { enabled: true }),
    ...(raw.description !== undefined && { description: raw.description }),
    ...(raw.bucketBy !== undefined && { bucketBy: raw.bucketBy }),
    ...(raw.requires !== undefined && { requires: parseList(raw.requires) }),
    ...(raw.owner !== undefined && { owner: raw.owner }),
    ...(raw.permanent === true && { permanent: true }),
  };
}

async function run(context: CommandContext, key: string, raw: RawOptions): Promise<void> {
  const body = createBody(key, raw);
  const { client } = connectToServer(context, raw);
  const flag = await client.createFlag(body);
  if (raw.json === true) return writeJson(context.io.stdout, flag);
  context.io.stdout.write(
    `Created ${flag.key}: ${formatServing(flag)} (version ${flag.version})\n`,
  );
}

const examples = [
  'ramp flags create memory_system --description "New memory system" --owner team-memory',
  'ramp flags create checkout_v2 --enabled --percentage 5 --bucket-by checkout --requires payments_v2',
];

/** `ramp flags create KEY`: a new flag (off at 0 % unless told otherwise). */
export const createCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('create')
      .description('Create a flag (off unless --enabled)')
      .argument('<key>', 'flag key: letters, digits, "_", "." and "-"')
      .option('--percentage <p>', 'rollout percentage, 0-100 (default 0, or 100 with --enabled)')
      .option('--enabled', 'turn the flag on at once')
      .option('--description <text>', 'what the flag guards')
      .option('--bucket-by <group>', 'hash sessions by this group instead of the flag key')
      .option('--requires <keys>', 'comma-separated flags that must be on for this one to be')
      .option('--owner <owner>', 'who to ask about the flag')
      .option('--permanent', 'a long-lived switch: never listed as stale');
    addServerOptions(command, 'print the created flag as JSON');
    command.action((key: string, raw: RawOptions) => run(context, key, raw));
    return addExamples(command, examples);
  },
};
