import { ApiError, type Flag, type PatchFlagBody } from '@ramp/api';
import type { Command } from 'commander';
import { parseFlagKey, parsePercentageOption, parseReason } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatServing } from '../../output/format.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

interface RawOptions extends ServerCommandOptions {
  readonly reason?: string;
}

/** The settings a change writes, decided before anything is sent. */
type Settings = Pick<PatchFlagBody, 'enabled' | 'percentage'>;

/**
 * Reads the flag for its version, then patches it based on that version. When someone else
 * changes the flag in between, the server refuses (409) and nothing is written.
 */
async function changeFlag(
  context: CommandContext,
  key: string,
  raw: RawOptions,
  settings: Settings,
): Promise<void> {
  const reason = raw.reason === undefined ? undefined : parseReason(raw.reason);
  const { client } = connectToServer(context, raw);
  const before = await client.getFlag(key);
  if (before.archived) throw new Error(`flag "${key}" is archived; it cannot be changed`);
  const patch: PatchFlagBody = { ...settings, version: before.version };
  if (reason !== undefined) patch.reason = reason;
  let after: Flag;
  try {
    after = await client.updateFlag(key, patch);
  } catch (error) {
    throw error instanceof ApiError && error.code === 'CONFLICT'
      ? conflict(key, before.version)
      : error;
  }
  if (raw.json === true) return writeJson(context.io.stdout, after);
  context.io.stdout.write(describeChange(before, after));
}

/** The 409 in plain words: the flag moved between our read and our write. */
function conflict(key: string, version: number): ApiError {
  return new ApiError(
    409,
    'CONFLICT',
    `flag "${key}" was changed by someone else after this command read it (at version ` +
      `${version}); nothing was written. Re-run the command to apply it to the new version`,
  );
}

/** `memory_system: 10% → 25% (version 4)`, plus a hint when the flag stays off. */
export function describeChange(before: Flag, after: Flag): string {
  if (after.version === before.version) {
    return `${after.key}: already ${formatServing(after)} (version ${after.version}); nothing changed\n`;
  }
  const line = `${after.key}: ${formatServing(before)} → ${formatServing(after)} (version ${after.version})\n`;
  const hint =
    // Changing the percentage of a flag that is off changes nothing sessions see yet.
    !before.enabled && !after.enabled && after.percentage > 0
      ? `${after.key} is disabled: sessions get it after \`ramp flags enable ${after.key}\`\n`
      : '';
  return line + hint;
}

function addChange(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description).argument('<key>', 'flag key');
}

/** The options every change takes, and its examples; added after the arguments. */
function finish(command: Command, examples: readonly string[]): Command {
  command.option('--reason <text>', 'why, for the audit log');
  addServerOptions(command, 'print the updated flag as JSON');
  command.addHelpText(
    'after',
    '\nThe flag is read, then written based on the version read. If someone else changes it in\n' +
      'between, nothing is written and the command exits 1: re-run it.',
  );
  return addExamples(command, examples);
}

const setExamples = [
  'ramp flags set memory_system 25 --reason "error rate flat at 10%"',
  'ramp flags set memory_system 0.5 --json',
];

/** `ramp flags set KEY PERCENT`: a new rollout percentage, based on the version just read. */
export const setCommand: CliCommand = {
  examples: setExamples,
  register(parent, context) {
    const command = addChange(parent, 'set', 'Set a flag’s rollout percentage').argument(
      '<percent>',
      'percentage, 0-100 with at most two decimals',
    );
    command.action((key: string, percent: string, raw: RawOptions) => {
      const flagKey = parseFlagKey(key, 'KEY');
      const percentage = parsePercentageOption(percent, 'PERCENT');
      return changeFlag(context, flagKey, raw, { percentage });
    });
    return finish(command, setExamples);
  },
};

function switchCommand(enabled: boolean): CliCommand {
  const name = enabled ? 'enable' : 'disable';
  const examples = [
    `ramp flags ${name} memory_system --reason "${enabled ? 'ready for 10%' : 'p99 latency up'}"`,
  ];
  return {
    examples,
    register(parent, context) {
      const command = addChange(
        parent,
        name,
        enabled
          ? 'Turn a flag on at its percentage'
          : 'Turn a flag off for everyone (its percentage is kept)',
      );
      command.action((key: string, raw: RawOptions) =>
        changeFlag(context, parseFlagKey(key, 'KEY'), raw, { enabled }),
      );
      return finish(command, examples);
    },
  };
}

/** `ramp flags enable KEY`. */
export const enableCommand = switchCommand(true);
/** `ramp flags disable KEY`. */
export const disableCommand = switchCommand(false);
