import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { addExamples } from '../output/help.js';
import { applyCommand } from './plan/apply.js';
import { approveCommand } from './plan/approve.js';
import { historyCommand } from './plan/history.js';
import { holdCommand } from './plan/hold.js';
import { readinessCommand } from './plan/readiness.js';
import { resumeCommand } from './plan/resume.js';
import { rollbackCommand } from './plan/rollback.js';
import { simulateCommand } from './plan/simulate.js';
import { statusCommand } from './plan/status.js';
import { validateCommand } from './plan/validate.js';

/** `ramp plan …`, in help order. A new subcommand is a file in plan/ plus one line here. */
const subcommands: readonly CliCommand[] = [
  validateCommand,
  simulateCommand,
  applyCommand,
  statusCommand,
  readinessCommand,
  approveCommand,
  holdCommand,
  resumeCommand,
  rollbackCommand,
  historyCommand,
];

const examples = [
  'ramp plan validate examples/memory-system-rollout.yaml',
  'ramp plan simulate examples/memory-system-rollout.yaml --scenario examples/scenarios/healthy.yaml',
];

/** `ramp plan`: rollout plans (docs/plans.md). */
export const planCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('plan')
      .description('Rollout plans: check a plan file and try it against simulated traffic');
    for (const subcommand of subcommands) subcommand.register(command, context);
    return addExamples(command, examples);
  },
};
