/** The CLI's settings, read once from env vars by {@link loadConfig}. */
export interface CliConfig {
  /** The env vars flags are read from (`<KEY>_ENABLED`, `RAMP_CONFIG`, `RAMP_KILL_ALL`, ...). */
  readonly flagsEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads and freezes the CLI's configuration. The only place env vars are interpreted; `main`
 * passes `process.env` (or a test's env) in.
 *
 * @example
 * const config = loadConfig({ MEMORY_SYSTEM_ENABLED: 'true' });
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): CliConfig {
  return Object.freeze({ flagsEnv: Object.freeze({ ...env }) });
}
