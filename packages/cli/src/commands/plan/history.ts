import type { PlanDecisionList } from '@ramp/api';
import type { Command } from 'commander';
import { parseWholeNumber } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';
import { evidenceLines, formatDecision, parsePlanName } from './status.js';

interface RawOptions extends ServerCommandOptions {
  readonly evidence?: boolean;
  readonly limit?: string;
}

/** One line per decision, newest first; with `evidence`, its evidence lines indented below. */
export function formatHistory(list: PlanDecisionList, evidence: boolean): string {
  if (list.decisions.length === 0) return 'No decisions yet\n';
  return list.decisions
    .map((decision) => {
      const more = evidence ? evidenceLines(decision).map((line) => `    ${line}\n`) : [];
      return `${formatDecision(decision)}\n${more.join('')}`;
    })
    .join('');
}

async function run(context: CommandContext, plan: string, raw: RawOptions): Promise<void> {
  const name = parsePlanName(plan);
  const limit =
    raw.limit === undefined
      ? undefined
      : parseWholeNumber(raw.limit, '--limit', { min: 1, max: 1000 });
  const { client } = connectToServer(context, raw);
  const list = await client.planDecisions(name, limit === undefined ? {} : { limit });
  if (raw.json === true) writeJson(context.io.stdout, list);
  else context.io.stdout.write(formatHistory(list, raw.evidence === true));
}

const examples = [
  'ramp plan history checkout-rollout',
  'ramp plan history checkout-rollout --evidence --limit 5',
];

/** `ramp plan history NAME`: the recorded decisions, newest first. */
export const historyCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('history')
      .description('The decisions of a plan, newest first, each with its summary in words')
      .argument('<name>', 'the plan')
      .option('--evidence', 'also print the evidence of each decision, one line per check')
      .option('--limit <n>', 'at most this many decisions (1 to 1000; default 100)');
    addServerOptions(command, 'print the decisions with their evidence as JSON');
    command.action((plan: string, raw: RawOptions) => run(context, plan, raw));
    return addExamples(command, examples);
  },
};
