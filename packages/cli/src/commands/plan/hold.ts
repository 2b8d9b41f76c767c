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
  readonly reason: string;
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const reason = parseReason(raw.reason);
  const { client } = connectToServer(context, raw);
  writePlan(context, await client.holdPlan(name, { reason }), raw.json);
}

const examples = ['ramp plan hold checkout-rollout --reason "look at the latency first"'];

/** `ramp plan hold NAME --reason R`: freezes a running plan until someone resumes it. */
export const holdCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('hold')
      .description('Freeze a running plan where it is until someone resumes it')
      .argument('<name>', 'the plan')
      .requiredOption('--reason <text>', 'why (required; kept with the decision)');
    addServerOptions(command, 'print the plan with its state as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
