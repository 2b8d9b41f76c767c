import { envKey, envNames, type FlagDefinition } from './definition.js';

const SUFFIX = /^([A-Z0-9_]+?)_(ENABLED|ROLLOUT_PERCENTAGE)$/;

/**
 * Flag keys implied by env vars that follow the default naming (`<KEY>_ENABLED`,
 * `<KEY>_ROLLOUT_PERCENTAGE`), so `getAllStatus` lists flags set only through the environment.
 * Keys are lower-cased. Ramp's own `RAMP_*` settings and the env vars that declared flags
 * already read (including custom names) are left out, and so are names that no key maps to
 * (`A__B_ENABLED`: the key `a__b` reads `A_B_ENABLED`), which would list a flag that ignores
 * the very variable it was found from.
 */
export function discoverEnvFlags(
  env: Readonly<Record<string, string | undefined>>,
  declared: Readonly<Record<string, FlagDefinition | undefined>>,
): string[] {
  const claimed = new Set<string>();
  for (const [key, definition] of Object.entries(declared)) {
    const names = envNames(key, definition);
    claimed.add(names.enabled).add(names.rolloutPercentage);
    claimed.add(envNames(key, undefined).enabled).add(envNames(key, undefined).rolloutPercentage);
  }
  const found = new Set<string>();
  for (const name of Object.keys(env)) {
    const match = SUFFIX.exec(name);
    if (match === null || name.startsWith('RAMP_') || claimed.has(name)) continue;
    const key = match[1]!.toLowerCase();
    if (envKey(key) === match[1]) found.add(key);
  }
  return [...found];
}
