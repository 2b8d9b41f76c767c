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
  readonly name: string;
  readonly rationale: string;
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const body = {
    name: parseReason(raw.name, '--name'),
    rationale: parseReason(raw.rationale, '--rationale'),
  };
  const { client } = connectToServer(context, raw);
  writePlan(context, await client.approvePlan(name, body), raw.json);
}

const examples = [
  'ramp plan approve checkout-rollout --name dana --rationale "canary error rate flat"',
];

/** `ramp plan approve NAME --name N --rationale R`: one approval for the awaited phase. */
export const approveCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('approve')
      .description('Give one approval for the phase the plan awaits; the last one needed starts it')
      .argument('<name>', 'the plan')
      .requiredOption('--name <person>', 'who approves (recorded as the actor)')
      .requiredOption('--rationale <text>', 'why (required; kept with the decision)');
    addServerOptions(command, 'print the plan with its state as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
