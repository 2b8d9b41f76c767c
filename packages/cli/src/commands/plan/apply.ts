import { ApiError } from '@ramp/api';
import type { Command } from 'commander';
import type { CliCommand, CommandContext } from '../../context.js';
import { addExamples } from '../../output/help.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';
import { writePlan } from './status.js';
import { readInputFile } from './validate.js';

async function run(
  context: CommandContext,
  file: string,
  raw: ServerCommandOptions,
): Promise<void> {
  const source = readInputFile(context, file, 'plan');
  const { client } = connectToServer(context, raw);
  let view;
  try {
    view = await client.applyPlan(source);
  } catch (error) {
    // The server lists every `path: message`, one a line: print them as `validate` does.
    if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
      const lines = error.message.split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) context.io.stderr.write(`${line}\n`);
      throw new Error(
        `${file}: refused by the server — ${lines.length} ${lines.length === 1 ? 'error' : 'errors'}`,
      );
    }
    throw error;
  }
  writePlan(context, view, raw.json);
}

const examples = ['ramp plan apply examples/memory-system-rollout.yaml'];

/** `ramp plan apply FILE`: starts a run of a plan file on the server. */
export const applyCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('apply')
      .description('Start a run of a plan file on the server (pending, every flag at 0%)')
      .argument('<file>', 'the plan file (YAML or JSON)');
    addServerOptions(command, 'print the plan with its state as JSON');
    command
      .action((file: string, raw: ServerCommandOptions) => run(context, file, raw))
      .addHelpText(
        'after',
        '\nExit status: 0 applied; 1 refused (an invalid plan prints every "path: message" on\n' +
          'stderr; a run of the same name that is not finished is a CONFLICT); 2 the file cannot\n' +
          'be read or no server is configured.',
      );
    return addExamples(command, examples);
  },
};
