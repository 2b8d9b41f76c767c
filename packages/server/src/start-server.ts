import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createApp, type App, type AppDeps } from './app.js';
import { loadConfig, parseAdminToken, parseDatabaseUrl, type Env } from './config.js';
import { PostgresCluster, SingleReplica, type Cluster } from './features/cluster/index.js';
import { defaultDashboardDir, registerDashboard } from './features/dashboard/index.js';
import { loggerOptions, type LogLevel } from './http/logging.js';
import { openDatabase, type DatabaseTarget } from './storage/database.js';
import { migrateToLatest } from './storage/migrations/index.js';

export interface StartServerOptions {
  /** 0 picks a free port. Default RAMP_PORT, else 4242. */
  readonly port?: number | undefined;
  /** Default RAMP_HOST, else 127.0.0.1. */
  readonly host?: string | undefined;
  /** The SQLite file is `<dataDir>/ramp.db`. Default RAMP_DATA_DIR, else ./.ramp. */
  readonly dataDir?: string | undefined;
  /** `postgres://…` to use PostgreSQL instead of SQLite. Default DATABASE_URL. */
  readonly databaseUrl?: string | undefined;
  /** An admin token to accept. Default RAMP_ADMIN_TOKEN. */
  readonly adminToken?: string | undefined;
  /** true: log at RAMP_LOG_LEVEL (info); false: no logs; or a level. Default true. */
  readonly logger?: boolean | LogLevel | undefined;
  /** Where defaults come from; `process.env` when absent. Explicit options win. */
  readonly env?: Env | undefined;
  /** For tests. */
  readonly clock?: AppDeps['clock'];
  readonly heartbeatMs?: AppDeps['heartbeatMs'];
  readonly rateLimit?: AppDeps['rateLimit'];
  /** Time between two decisions of the plan controller (default 60 s). */
  readonly planIntervalMs?: AppDeps['planIntervalMs'];
  /** Time between two polls of the webhook outbox (default 5 s). */
  readonly webhookPollMs?: number | undefined;
  /**
   * Let this replica lead (default true): the leader runs the plan controller loop and the
   * webhook sender (when RAMP_WEBHOOK_URLS is set), which must act exactly once. On SQLite the
   * one process leads; replicas on PostgreSQL elect one with an advisory lock, and another
   * takes over when it dies. false: never lead (tests drive the controller by hand).
   */
  readonly planController?: boolean | undefined;
  /** PostgreSQL replicas: leadership and reconnection poll (default RAMP_LEADER_POLL_MS, 2 s). */
  readonly leaderPollMs?: number | undefined;
  /** The built dashboard to serve at `/`; default packages/dashboard/dist when built, false for none. */
  readonly dashboardDir?: string | false | undefined;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4242`. */
  readonly url: string;
  /** This replica's id and whether it currently leads. */
  readonly replica: Pick<Cluster, 'replicaId' | 'leader'>;
  /** The admin token created at first start (empty store, none configured): shown once. */
  readonly adminToken?: string;
  /** Ends open streams, stops listening and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the store (SQLite in `dataDir`, or PostgreSQL), applies migrations, makes sure an
 * admin token exists and starts listening.
 *
 * @example
 * const server = await startServer({ port: 0, dataDir: './.ramp' })
 * if (server.adminToken) console.log(`admin token (shown once): ${server.adminToken}`)
 * // ...
 * await server.close()
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const databaseUrl = parseDatabaseUrl(options.databaseUrl, 'databaseUrl') ?? config.databaseUrl;
  const target: DatabaseTarget =
    databaseUrl === undefined
      ? { kind: 'sqlite', path: join(options.dataDir ?? config.dataDir, 'ramp.db') }
      : { kind: 'postgres', url: databaseUrl };
  const database = openDatabase(target);
  const replicaId = randomUUID();
  const cluster: Cluster =
    target.kind === 'postgres'
      ? new PostgresCluster({
          url: target.url,
          replicaId,
          pollMs: options.leaderPollMs ?? config.leaderPollMs,
          onError: (error) => app?.fastify.log.warn({ err: error }, 'cluster connection failed'),
        })
      : new SingleReplica(replicaId);
  let app: App | undefined;
  try {
    await migrateToLatest(database).catch((error: unknown) => {
      // "getaddrinfo ENOTFOUND db" alone does not say which setting to fix.
      const setting = target.kind === 'postgres' ? 'DATABASE_URL' : 'RAMP_DATA_DIR';
      throw new Error(`${setting}: ${errorText(error)}`, { cause: error });
    });
    app = createApp({
      database,
      logger: loggerOptions(logLevel(options.logger, config.logLevel)),
      clock: options.clock,
      heartbeatMs: options.heartbeatMs,
      rateLimit: options.rateLimit,
      planIntervalMs: options.planIntervalMs ?? config.planIntervalMs,
      webhooks: {
        urls: config.webhookUrls,
        secret: config.webhookSecret,
        pollMs: options.webhookPollMs,
      },
      prometheusUrl: config.prometheusUrl,
      replica: cluster,
    });
    const dashboardDir = options.dashboardDir ?? defaultDashboardDir();
    if (dashboardDir !== undefined && dashboardDir !== false) {
      registerDashboard(app.fastify, { distDir: dashboardDir });
    }
    const configured = parseAdminToken(options.adminToken, 'adminToken') ?? config.adminToken;
    const adminToken = await app.auth.ensureAdminToken(configured);
    const port = options.port ?? config.port;
    const host = options.host ?? config.host;
    const url = await app.fastify.listen({ port, host }).catch((error: unknown) => {
      throw new Error(
        `cannot listen on ${host}:${port} (RAMP_HOST, RAMP_PORT): ${errorText(error)}`,
        {
          cause: error,
        },
      );
    });
    const { fastify, planController, webhookSender } = app;
    await cluster.start(app.clusterListener({ lead: options.planController !== false }));
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= cluster
        .close()
        .then(() => planController.close())
        .then(() => webhookSender.close())
        .then(() => fastify.close())
        .then(() => database.close()));
    const server = { url, close, replica: cluster };
    return adminToken === undefined ? server : { ...server, adminToken };
  } catch (error) {
    // A port in use, say: release what was opened, then report.
    await cluster.close();
    await app?.planController.close();
    await app?.webhookSender.close();
    await app?.fastify.close();
    await database.close();
    throw error;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logLevel(option: boolean | LogLevel | undefined, configured: LogLevel): LogLevel | false {
  if (option === false) return false;
  return option === undefined || option === true ? configured : option;
}
