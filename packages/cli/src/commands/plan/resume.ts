import type { Command } from 'commander';
import { parseReason } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { addExamples } from '../../output/help.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';
import { parsePlanName, writePlan } from './status.js';

interface RawOptions extends ServerCommandOptions {
  readonly reason?: string;
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const body = raw.reason === undefined ? {} : { reason: parseReason(raw.reason) };
  const { client } = connectToServer(context, raw);
  writePlan(context, await client.resumePlan(name, body), raw.json);
}

const examples = ['ramp plan resume checkout-rollout --reason "latency explained"'];

/** `ramp plan resume NAME [--reason R]`: a held or paused plan continues. */
export const resumeCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('resume')
      .description('Continue a held or paused plan; the current step (or bake) starts over')
      .argument('<name>', 'the plan')
      .option('--reason <text>', 'why (kept with the decision)');
    addServerOptions(command, 'print the plan with its state as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
