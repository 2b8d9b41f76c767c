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
  readonly item: string;
  readonly name: string;
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const body = { item: parseReason(raw.item, '--item'), name: parseReason(raw.name, '--name') };
  const { client } = connectToServer(context, raw);
  writePlan(context, await client.confirmReadiness(name, body), raw.json);
}

const examples = ['ramp plan readiness checkout-rollout --item runbook --name carol'];

/** `ramp plan readiness NAME --item I --name N`: a named person confirms a readiness item. */
export const readinessCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('readiness')
      .description('Confirm one readiness item of a pending plan, by name')
      .argument('<name>', 'the plan')
      .requiredOption('--item <id>', 'the readiness item (its id in the plan file)')
      .requiredOption('--name <person>', 'who confirms it (recorded as the actor)');
    addServerOptions(command, 'print the plan with its state as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
