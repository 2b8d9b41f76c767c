import { FeatureFlags, findFlagsFile, readFlagsFile, type FlagDefinition } from '@ramp/sdk';
import type { CommandContext } from './context.js';

/**
 * The flags this process would see: env vars plus the flags file in the working directory (or
 * RAMP_CONFIG), exactly as an app's `new FeatureFlags()` reads them. SDK warnings (bad values,
 * an unreadable file) go to stderr.
 */
export function loadFeatureFlags(context: CommandContext): FeatureFlags {
  const { io, config, cwd } = context;
  return new FeatureFlags({
    env: config.flagsEnv,
    cwd,
    now: context.now,
    logger: { warn: (message) => io.stderr.write(`ramp: warning: ${message}\n`) },
  });
}

/**
 * The flag's definition in the flags file, for what FeatureFlags does not expose (its
 * `bucketBy` group and prerequisites). Undefined when there is no file, no such flag, or the
 * file cannot be read (FeatureFlags then reports the problem).
 */
export function findFlagDefinition(
  context: CommandContext,
  feature: string,
): FlagDefinition | undefined {
  const path = findFlagsFile(context.cwd, context.config.flagsEnv.RAMP_CONFIG);
  if (path === undefined) return undefined;
  try {
    const flags = readFlagsFile(path).flags;
    return Object.hasOwn(flags, feature) ? (flags[feature] ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}
