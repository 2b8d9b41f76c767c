import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../context.js';
import { addExamples } from '../output/help.js';
import { disableCommand, enableCommand, setCommand } from './flags/change.js';
import { createCommand } from './flags/create.js';
import { getCommand } from './flags/get.js';
import { listCommand } from './flags/list.js';
import { rollbackCommand } from './flags/rollback.js';
import { staleCommand } from './flags/stale.js';

/** `ramp flags …`, in help order. A new subcommand is a file in flags/ plus one line here. */
const subcommands: readonly CliCommand[] = [
  listCommand,
  getCommand,
  createCommand,
  setCommand,
  enableCommand,
  disableCommand,
  rollbackCommand,
  staleCommand,
];

const examples = [
  'ramp flags list',
  'ramp flags set memory_system 25 --reason "error rate flat at 10%"',
  'ramp flags rollback memory_system --reason "error rate 3x baseline"',
];

/** `ramp flags`: the flags on a server (RAMP_URL, RAMP_TOKEN). */
export const flagsCommand: CliCommand = {
  examples,
  register(program: Command, context: CommandContext) {
    const command = program
      .command('flags')
      .description('See and change the flags on a server (RAMP_URL, RAMP_TOKEN)');
    for (const subcommand of subcommands) subcommand.register(command, context);
    return addExamples(command, examples);
  },
};
