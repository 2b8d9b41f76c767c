import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../../context.js';

type Env = CommandContext['io']['env'];

/** The data dir as `ramp serve` picks it: `--data`, else RAMP_DATA_DIR, else ./.ramp. */
export function resolveDataDir(option: string | undefined, env: Env, cwd: string): string {
  const fromEnv = env.RAMP_DATA_DIR?.trim();
  return resolve(cwd, option ?? (fromEnv === undefined || fromEnv === '' ? '.ramp' : fromEnv));
}

/** Throws the one-line reason when the data dir does not exist. */
export function requireDataDir(dataDir: string): void {
  if (statSync(dataDir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new Error(`no data directory ${dataDir} (pass --data or set RAMP_DATA_DIR)`);
  }
}

/** Whether DATABASE_URL points the server at PostgreSQL (the SQLite commands then refuse). */
export function usesPostgres(env: Env): boolean {
  const databaseUrl = env.DATABASE_URL;
  return databaseUrl !== undefined && databaseUrl.trim() !== '';
}
