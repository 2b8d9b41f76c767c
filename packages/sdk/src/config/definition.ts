/** How a flag is declared in a flags file (`ramp.flags.yaml` / `.json`) or in options. */
export interface FlagDefinition {
  readonly description?: string | undefined;
  /** true/false, or the same words env vars accept. */
  readonly enabled?: boolean | string | undefined;
  /** 0..100 with at most two decimals. */
  readonly percentage?: number | string | undefined;
  /** The env vars this flag reads; defaults are `<KEY>_ENABLED` and `<KEY>_ROLLOUT_PERCENTAGE`. */
  readonly env?: { readonly enabled?: string; readonly rolloutPercentage?: string } | undefined;
  readonly bucketBy?: string | undefined;
  readonly requires?: readonly string[] | undefined;
}

/** The shape of a flags file. */
export interface FlagsFile {
  readonly flags: Readonly<Record<string, FlagDefinition>>;
}

/**
 * The env var prefix for a flag key: upper-cased, every run of characters outside `[A-Z0-9]`
 * turned into `_`.
 *
 * @example
 * envKey('memory-system.v2') // 'MEMORY_SYSTEM_V2'
 */
export function envKey(flagKey: string): string {
  return flagKey.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The env var names a flag reads. */
export function envNames(
  flagKey: string,
  definition: FlagDefinition | undefined,
): { enabled: string; rolloutPercentage: string } {
  const key = envKey(flagKey);
  return {
    enabled: definition?.env?.enabled ?? `${key}_ENABLED`,
    rolloutPercentage: definition?.env?.rolloutPercentage ?? `${key}_ROLLOUT_PERCENTAGE`,
  };
}

const DEFINITION_FIELDS = new Set([
  'description',
  'enabled',
  'percentage',
  'env',
  'bucketBy',
  'requires',
]);

/**
 * Checks the structure of a parsed flags file. Returns the problems found, each naming its
 * path (`flags.memory_system.requires: expected a list of flag keys`).
 */
export function checkFlagsFile(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return ['expected an object with a "flags" map'];
  }
  const flags = (data as { flags?: unknown }).flags;
  if (typeof flags !== 'object' || flags === null || Array.isArray(flags)) {
    return ['flags: expected a map of flag key to definition'];
  }
  const problems: string[] = [];
  for (const [key, def] of Object.entries(flags as Record<string, unknown>)) {
    problems.push(...checkDefinition(`flags.${key}`, def));
  }
  return problems;
}

function checkDefinition(path: string, def: unknown): string[] {
  if (def === null || def === undefined) return [];
  if (typeof def !== 'object' || Array.isArray(def)) return [`${path}: expected an object`];
  const d = def as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of Object.keys(d)) {
    if (!DEFINITION_FIELDS.has(field)) problems.push(`${path}.${field}: unknown field`);
  }
  if (d.bucketBy !== undefined && (typeof d.bucketBy !== 'string' || d.bucketBy === '')) {
    problems.push(`${path}.bucketBy: expected a group name`);
  }
  if (
    d.requires !== undefined &&
    (!Array.isArray(d.requires) || d.requires.some((r) => typeof r !== 'string'))
  ) {
    problems.push(`${path}.requires: expected a list of flag keys`);
  }
  if (d.env !== undefined) {
    const env = d.env as Record<string, unknown>;
    if (typeof env !== 'object' || env === null) problems.push(`${path}.env: expected an object`);
    else {
      for (const [name, value] of Object.entries(env)) {
        if (name !== 'enabled' && name !== 'rolloutPercentage') {
          problems.push(`${path}.env.${name}: unknown field (use enabled or rolloutPercentage)`);
        } else if (typeof value !== 'string' || value === '') {
          problems.push(`${path}.env.${name}: expected an env var name`);
        }
      }
    }
  }
  return problems;
}
