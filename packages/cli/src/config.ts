/** The CLI's settings, read once from env vars by {@link loadConfig}. */
export interface CliConfig {
  /**
   * The env vars flags are read from (`<KEY>_ENABLED`, `RAMP_CONFIG`, `RAMP_KILL_ALL`, ...).
   * RAMP_URL is left out: it names the server for the server commands, and would otherwise
   * switch the SDK behind the local commands to following that server.
   */
  readonly flagsEnv: Readonly<Record<string, string | undefined>>;
  /** RAMP_URL: the control plane the server commands talk to (checked when one runs). */
  readonly serverUrl?: string;
  /** RAMP_TOKEN: the bearer token those commands send. Never printed. */
  readonly token?: string;
}

/**
 * Reads and freezes the CLI's configuration. The only place env vars are interpreted; `main`
 * passes `process.env` (or a test's env) in. Blank values count as unset.
 *
 * @example
 * const config = loadConfig({ MEMORY_SYSTEM_ENABLED: 'true', RAMP_URL: 'http://127.0.0.1:4242' });
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): CliConfig {
  const serverUrl = nonBlank(env.RAMP_URL);
  const token = nonBlank(env.RAMP_TOKEN);
  const flagsEnv = { ...env };
  delete flagsEnv.RAMP_URL;
  return Object.freeze({
    flagsEnv: Object.freeze(flagsEnv),
    ...(serverUrl === undefined ? {} : { serverUrl }),
    ...(token === undefined ? {} : { token }),
  });
}

function nonBlank(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}
