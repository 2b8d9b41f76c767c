import type { Command } from 'commander';

/** Adds an "Examples:" section after a command's help. */
export function addExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', formatExamples(examples));
}

/** The examples section as it appears in help text. */
export function formatExamples(examples: readonly string[]): string {
  return `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}\n`;
}
