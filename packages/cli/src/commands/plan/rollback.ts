import type { RollbackPlanBody } from '@ramp/api';
import type { Command } from 'commander';
import { parsePercentageOption, parseReason } from '../../arguments.js';
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
  readonly to?: string;
}

/** `--to`: a percentage from 0 to 100, or `previous` (the previous phase's percentages). */
function parseTarget(text: string): RollbackPlanBody['to'] {
  return text.trim() === 'previous' ? 'previous' : parsePercentageOption(text, '--to');
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const reason = parseReason(raw.reason);
  const to = raw.to === undefined ? undefined : parseTarget(raw.to);
  const body: RollbackPlanBody = to === undefined ? { reason } : { reason, to };
  const { client } = connectToServer(context, raw);
  writePlan(context, await client.rollbackPlan(name, body), raw.json);
}

const examples = [
  'ramp plan rollback checkout-rollout --reason "errors in checkout"',
  'ramp plan rollback checkout-rollout --reason "too fast" --to previous',
];

/** `ramp plan rollback NAME --reason R [--to P]`: every flag of the plan back down. */
export const rollbackCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('rollback')
      .description(
        'Roll every flag of a plan back (to 0% unless --to says otherwise); ends the run',
      )
      .argument('<name>', 'the plan')
      .requiredOption('--reason <text>', 'why (required; kept with the decision)')
      .option('--to <target>', 'a percentage (every flag down to at most it) or "previous"');
    addServerOptions(command, 'print the plan with its state as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
