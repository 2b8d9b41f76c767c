import { resolve } from 'node:path';
import type { FeatureFlagsOptions } from '../options.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { realScheduler, type Scheduler } from './scheduler.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Remote mode's settings, validated and with defaults filled in. */
export interface RemoteSettings {
  /** The base URL without a trailing slash. */
  readonly url: string;
  readonly token: string;
  /** An absolute path, or undefined for no cache file. */
  readonly cacheFile: string | undefined;
  readonly pollIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly readyTimeoutMs: number;
  readonly reconnect: { readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly fetch: typeof globalThis.fetch;
  readonly scheduler: Scheduler;
}

export const REMOTE_DEFAULTS = {
  pollIntervalMs: 30_000,
  /** 2.5 times the server's 15 s heartbeat. */
  heartbeatTimeoutMs: 37_500,
  readyTimeoutMs: 5_000,
} as const;

function fromEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function checkUrl(text: string, name: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`FeatureFlags: ${name} must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`FeatureFlags: ${name} must be an http(s) URL, got "${text}"`);
  }
  return text.trim().replace(/\/+$/, '');
}

/**
 * Remote mode is on when a URL is given (option `url`, else RAMP_URL); it then needs a token
 * (option `token`, else RAMP_SDK_TOKEN). Returns undefined in local mode. Throws a TypeError
 * naming the option for a bad URL or a missing token: a deployment mistake should fail at
 * start, not leave the app silently on local values.
 */
export function resolveRemoteSettings(
  options: FeatureFlagsOptions,
  env: Env,
  cwd: string,
): RemoteSettings | undefined {
  const urlText = options.url ?? fromEnv(env, 'RAMP_URL');
  if (urlText === undefined) return undefined;
  const url = checkUrl(urlText, options.url !== undefined ? 'option "url"' : 'RAMP_URL');
  const token = options.token ?? fromEnv(env, 'RAMP_SDK_TOKEN');
  if (token === undefined) {
    throw new TypeError(
      `FeatureFlags: option "token" (or RAMP_SDK_TOKEN) is required with the control plane URL ${url}`,
    );
  }
  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') {
    throw new TypeError(
      'FeatureFlags: option "fetch" is required where globalThis.fetch is missing',
    );
  }
  const cacheFile = options.cacheFile ?? fromEnv(env, 'RAMP_CACHE_FILE');
  return {
    url,
    token: token.trim(),
    cacheFile: cacheFile === undefined ? undefined : resolve(cwd, cacheFile),
    pollIntervalMs: options.pollIntervalMs ?? REMOTE_DEFAULTS.pollIntervalMs,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? REMOTE_DEFAULTS.heartbeatTimeoutMs,
    readyTimeoutMs: options.readyTimeoutMs ?? REMOTE_DEFAULTS.readyTimeoutMs,
    reconnect: {
      baseDelayMs: options.reconnect?.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
      maxDelayMs: options.reconnect?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    },
    fetch: fetchFunction,
    scheduler: options.scheduler ?? realScheduler,
  };
}
