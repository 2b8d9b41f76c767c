import { Command } from 'commander';
import { commands } from './commands/index.js';
import { loadConfig } from './config.js';
import type { CliIo, CommandContext } from './context.js';
import { describeError } from './errors.js';
import { formatExamples } from './output/help.js';

/** Help is wrapped at this width whatever the terminal, so it reads the same everywhere. */
const HELP_WIDTH = 100;

/** Builds the `ramp` program with every command registered; parsing errors are thrown. */
export function createProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command('ramp')
    .description('Ramp: check, explain and steer feature flag rollouts')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are reported once, by main, as `ramp: <reason>`.
      outputError: () => undefined,
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError();
  for (const command of commands) command.register(program, context);
  const examples = commands.flatMap((command) => command.examples);
  program.addHelpText('after', formatExamples(examples));
  return program;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stderr.isTTY,
    onSignal: (signal, listener) => process.once(signal, listener),
  };
}

/**
 * Runs `ramp` with the arguments after the program name and resolves to the exit code:
 * 0 done, 1 the command failed, 2 the command line was wrong.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const context: CommandContext = {
    io,
    config: loadConfig(io.env),
    cwd: io.cwd ?? process.cwd(),
    now: io.now ?? Date.now,
  };
  try {
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    const { code, message } = describeError(err);
    if (message !== undefined) io.stderr.write(`ramp: ${message}\n`);
    return code;
  }
}
