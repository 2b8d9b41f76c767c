import { resolve } from 'node:path';
import type { LogLevel } from './http/logging.js';

/** The server's settings, read once from the environment and frozen. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Where the SQLite file lives (`<dataDir>/ramp.db`). */
  readonly dataDir: string;
  /** A `postgres://` URL; SQLite in `dataDir` when absent. */
  readonly databaseUrl: string | undefined;
  /** An admin token to accept (its hash is stored); at least 16 characters. */
  readonly adminToken: string | undefined;
  readonly logLevel: LogLevel;
  /** Where every plan decision is posted (Slack-compatible JSON); empty for none. */
  readonly webhookUrls: readonly string[];
  /** The HMAC key of `X-Ramp-Signature`; required with webhook URLs. */
  readonly webhookSecret: string | undefined;
  /** The Prometheus a plan's `prometheus` metric queries when it names no `url`. */
  readonly prometheusUrl: string | undefined;
  /** Time between two decisions of the plan controller, in ms (60 000). */
  readonly planIntervalMs: number;
  /**
   * PostgreSQL replicas: how often a follower asks for the leadership and the leader checks
   * its connection, in ms (2 000). A dead leader is replaced within about this.
   */
  readonly leaderPollMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/**
 * Reads RAMP_PORT (4242), RAMP_HOST (127.0.0.1), RAMP_DATA_DIR (./.ramp), DATABASE_URL,
 * RAMP_ADMIN_TOKEN, RAMP_LOG_LEVEL (info), RAMP_WEBHOOK_URLS (comma-separated),
 * RAMP_WEBHOOK_SECRET, RAMP_PROMETHEUS_URL, RAMP_PLAN_INTERVAL_MS (60000) and
 * RAMP_LEADER_POLL_MS (2000). The only place the server reads the
 * environment; throws with the variable's name when a value is invalid.
 *
 * @example
 * const config = loadConfig(process.env)
 */
export function loadConfig(env: Env): ServerConfig {
  return Object.freeze({
    port: parsePort(env.RAMP_PORT),
    host: nonBlank(env.RAMP_HOST) ?? '127.0.0.1',
    dataDir: resolve(nonBlank(env.RAMP_DATA_DIR) ?? '.ramp'),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    adminToken: parseAdminToken(env.RAMP_ADMIN_TOKEN),
    logLevel: parseLogLevel(env.RAMP_LOG_LEVEL),
    ...parseWebhooks(env.RAMP_WEBHOOK_URLS, env.RAMP_WEBHOOK_SECRET),
    prometheusUrl: parseHttpUrl(env.RAMP_PROMETHEUS_URL, 'RAMP_PROMETHEUS_URL'),
    planIntervalMs: parseMilliseconds(env.RAMP_PLAN_INTERVAL_MS, 'RAMP_PLAN_INTERVAL_MS', 60_000),
    leaderPollMs: parseMilliseconds(env.RAMP_LEADER_POLL_MS, 'RAMP_LEADER_POLL_MS', 2_000),
  });
}

function parseWebhooks(urls: string | undefined, secret: string | undefined) {
  const webhookUrls = (urls ?? '')
    .split(',')
    .flatMap((url) => parseHttpUrl(url, 'RAMP_WEBHOOK_URLS') ?? []);
  const webhookSecret = nonBlank(secret);
  if (webhookUrls.length > 0 && webhookSecret === undefined) {
    throw new Error('RAMP_WEBHOOK_SECRET: required with RAMP_WEBHOOK_URLS (it signs every post)');
  }
  return { webhookUrls: Object.freeze(webhookUrls), webhookSecret };
}

function parseHttpUrl(value: string | undefined, name: string): string | undefined {
  const url = nonBlank(value);
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url)) {
    throw new Error(`${name}: expected http(s) URLs, got "${url}"`);
  }
  return url;
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(value: string | undefined): number {
  const text = nonBlank(value);
  if (text === undefined) return 4242;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`RAMP_PORT: expected a port from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** Also checked for values given to startServer directly. */
export function parseDatabaseUrl(
  value: string | undefined,
  name = 'DATABASE_URL',
): string | undefined {
  const url = nonBlank(value);
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error(`${name}: expected a postgres:// URL (leave it unset for SQLite)`);
  }
  return url;
}

export function parseAdminToken(
  value: string | undefined,
  name = 'RAMP_ADMIN_TOKEN',
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16 || /\s/.test(value)) {
    throw new Error(`${name}: expected at least 16 characters without spaces`);
  }
  return value;
}

/** A whole number of milliseconds from 100 ms to one day. */
function parseMilliseconds(value: string | undefined, name: string, fallback: number): number {
  const text = nonBlank(value);
  if (text === undefined) return fallback;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 100 || ms > 86_400_000) {
    throw new Error(`${name}: expected milliseconds from 100 to 86400000, got "${text}"`);
  }
  return ms;
}

function parseLogLevel(value: string | undefined): LogLevel {
  const text = nonBlank(value)?.toLowerCase();
  if (text === undefined) return 'info';
  const level = LOG_LEVELS.find((l) => l === text);
  if (level === undefined)
    throw new Error(`RAMP_LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}`);
  return level;
}
