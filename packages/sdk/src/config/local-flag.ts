import { parseBoolean, parsePercentage } from '../engine/percentage.js';
import type { FlagSource } from '../engine/evaluate.js';
import { envNames, type FlagDefinition } from './definition.js';

/** A flag's configuration as read from env vars and the flags file, before any remote value. */
export interface LocalFlag {
  readonly enabled: boolean;
  readonly percentage: number;
  readonly source: FlagSource;
  readonly bucketBy: string | undefined;
  readonly requires: readonly string[];
  readonly error: string | undefined;
  /** Whether env or file set a value at all (with a remote, only those restrict it). */
  readonly explicit: boolean;
  /** Declared in code (the `flags` option): `reload()` resolves `definition` again. */
  readonly inCode: boolean;
  /**
   * The definition passed in code, reduced to what resolving it needs, so `reload()` can
   * re-read its env vars without the options object being kept. Undefined for other flags.
   */
  readonly definition: FlagDefinition | undefined;
}

/** The shared empty list of prerequisites. */
export const NO_PREREQUISITES: readonly string[] = Object.freeze([]);

/** The local configuration of a flag nothing local declares (remote only, or rolled back only). */
export const NO_LOCAL: LocalFlag = Object.freeze({
  enabled: false,
  percentage: 0,
  source: 'none',
  bucketBy: undefined,
  requires: NO_PREREQUISITES,
  error: undefined,
  explicit: false,
  inCode: false,
  definition: undefined,
});

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves one flag from its definition (file or options) and env vars. Env wins over the
 * file; enabled without a percentage means 100 %; a percentage without `enabled` turns the
 * flag on at that percentage; a bad value makes the flag fail safe (off) with the error text.
 */
export function resolveLocalFlag(
  key: string,
  definition: FlagDefinition | undefined,
  env: Env,
  definedIn: FlagSource,
): LocalFlag {
  const names = envNames(key, definition);
  const errors: string[] = [];
  let source: FlagSource = definition === undefined ? 'none' : definedIn;

  let enabled: boolean | undefined;
  const enabledText = env[names.enabled];
  if (enabledText !== undefined) {
    source = 'env';
    enabled = readValue(parseBoolean(enabledText), names.enabled, errors);
  } else if (definition?.enabled !== undefined) {
    enabled =
      typeof definition.enabled === 'boolean'
        ? definition.enabled
        : readValue(parseText(definition.enabled, parseBoolean), 'enabled', errors);
  }

  let percentage: number | undefined;
  const percentageText = env[names.rolloutPercentage];
  if (percentageText !== undefined) {
    source = 'env';
    percentage = readValue(parsePercentage(percentageText), names.rolloutPercentage, errors);
  } else if (definition?.percentage !== undefined) {
    percentage = readValue(parseText(definition.percentage, parsePercentage), 'percentage', errors);
  }

  const explicit = enabled !== undefined || percentage !== undefined;
  const error = errors.length > 0 ? errors.join('; ') : undefined;
  const on = error === undefined && (enabled ?? percentage !== undefined);
  return {
    enabled: on,
    percentage: on ? (percentage ?? 100) : 0,
    source,
    bucketBy: definition?.bucketBy,
    requires: definition?.requires ?? NO_PREREQUISITES,
    error,
    explicit,
    inCode: definedIn === 'options',
    definition: definedIn === 'options' ? reduceDefinition(definition) : undefined,
  };
}

/**
 * A definition without its description, and with `enabled` and `percentage` as the boolean
 * and number they parse to (a value that does not parse is kept as it is, to give the same
 * error again): resolving it gives exactly what resolving the original gives, and flags
 * declared alike get equal reductions, which lets them share one LocalFlag.
 */
function reduceDefinition(definition: FlagDefinition | undefined): FlagDefinition | undefined {
  // Code in plain JavaScript may pass anything; what is not an object is kept as it is.
  if (typeof definition !== 'object' || definition === null) return definition;
  const { enabled, percentage, env, bucketBy, requires } = definition;
  const parsedEnabled = enabled === undefined ? undefined : parseText(enabled, parseBoolean);
  const parsedPercentage =
    percentage === undefined ? undefined : parseText(percentage, parsePercentage);
  return {
    enabled: typeof parsedEnabled === 'boolean' ? parsedEnabled : enabled,
    percentage: typeof parsedPercentage === 'number' ? parsedPercentage : percentage,
    ...(env === undefined ? {} : { env }),
    ...(bucketBy === undefined ? {} : { bucketBy }),
    ...(requires === undefined ? {} : { requires }),
  };
}

/**
 * Reads a value from a flags file or options, where any JSON or YAML value may appear
 * (`enabled: 1`, `percentage: null`): strings as they are, numbers and booleans written out
 * as env vars would be; any other type is an error, never a TypeError.
 */
function parseText<T>(
  value: unknown,
  parse: (text: string) => T | { error: string },
): T | { error: string } {
  if (typeof value === 'string') return parse(value);
  if (typeof value === 'number' || typeof value === 'boolean') return parse(String(value));
  const found = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  return { error: `expected a string, number or boolean, got ${found}` };
}

function readValue<T>(value: T | { error: string }, name: string, errors: string[]): T | undefined {
  if (typeof value === 'object' && value !== null && 'error' in value) {
    errors.push(`${name}: ${value.error}`);
    return undefined;
  }
  return value;
}
