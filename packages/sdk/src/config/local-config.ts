import { parseBoolean } from '../engine/percentage.js';
import type { Logger } from '../logger.js';
import type { FlagDefinition } from './definition.js';
import { discoverEnvFlags } from './env-discovery.js';
import { findFlagsFile, readFlagsFile } from './flags-file.js';
import { resolveLocalFlag, type LocalFlag } from './local-flag.js';
import { SharedLocalFlags } from './shared-local-flags.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LocalConfigOptions {
  readonly env: Env;
  readonly cwd: string;
  /** The `file` option: a path, false for none, undefined for RAMP_CONFIG or the default. */
  readonly file: string | false | undefined;
  readonly discoverEnv: boolean;
  readonly logger: Logger;
}

/** What env vars and the flags file say, before any remote value. */
export interface LocalSnapshot {
  readonly flags: ReadonlyMap<string, LocalFlag>;
  /** RAMP_KILL_ALL is set (or unreadable, which counts as pulled). */
  readonly killed: boolean;
}

/**
 * Reads a process's local configuration: flags declared in code, the flags file and env vars,
 * with the precedence of DESIGN §3. The file and env vars are re-read on every `load()`, so
 * `reload()` sees new values; the definitions in code are passed to each load, and kept by the
 * caller in the LocalFlags (`inCode`) rather than here.
 */
export class LocalConfig {
  constructor(private readonly options: LocalConfigOptions) {}

  /**
   * Reads everything, with `inCode` (flags declared in code) winning over the file. On the
   * first load, a file named in the options that cannot be read throws; otherwise a broken
   * file is logged and its flags are off. Flags configured alike share one LocalFlag.
   */
  load(
    first: boolean,
    inCode: Readonly<Record<string, FlagDefinition | undefined>> | undefined,
  ): LocalSnapshot {
    const { env, discoverEnv } = this.options;
    const definitions = { ...this.#readFile(first), ...inCode };
    const shared = new SharedLocalFlags();
    const flags = new Map<string, LocalFlag>();
    for (const [key, definition] of Object.entries(definitions)) {
      const source = inCode !== undefined && Object.hasOwn(inCode, key) ? 'options' : 'file';
      flags.set(key, shared.share(resolveLocalFlag(key, definition, env, source)));
    }
    if (discoverEnv) {
      for (const key of discoverEnvFlags(env, definitions)) {
        flags.set(key, shared.share(resolveLocalFlag(key, undefined, env, 'env')));
      }
    }
    return { flags, killed: this.#readKillAll() };
  }

  /** A flag nobody declared may still be set by env vars (`<KEY>_ENABLED`). */
  fromEnv(feature: string): LocalFlag | undefined {
    const local = resolveLocalFlag(feature, undefined, this.options.env, 'env');
    return local.explicit || local.error !== undefined ? local : undefined;
  }

  #readFile(first: boolean): Readonly<Record<string, FlagDefinition>> {
    const { file, cwd, env, logger } = this.options;
    if (file === false) return {};
    const path = findFlagsFile(cwd, file ?? env.RAMP_CONFIG);
    if (path === undefined) return {};
    try {
      return readFlagsFile(path).flags;
    } catch (err) {
      // A file named in the constructor is an option: a bad one throws at once. A file found
      // by convention or through RAMP_CONFIG must not crash the app: its flags fail safe (off).
      if (first && file !== undefined) throw err;
      logger.warn(`${(err as Error).message}; its flags are off`);
      return {};
    }
  }

  #readKillAll(): boolean {
    const text = this.options.env.RAMP_KILL_ALL;
    if (text === undefined || text.trim() === '') return false;
    const value = parseBoolean(text);
    if (typeof value === 'boolean') return value;
    // Fail safe: an unreadable kill switch is treated as pulled.
    this.options.logger.warn(`RAMP_KILL_ALL: ${value.error}; every flag is off`);
    return true;
  }
}
