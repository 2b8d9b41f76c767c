// Shared by the fault tests: Ramp replicas as real `ramp serve` processes (so they can be
// killed with SIGKILL), a private PostgreSQL that may be restarted without disturbing other
// tests, and small polling helpers. Everything listens on 127.0.0.1 only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type RampClient } from '@ramp/api';
import pg from 'pg';
import { postgresSchema } from '../../packages/server/src/testing/databases.js';

const RAMP_BIN = fileURLToPath(new URL('../../packages/cli/bin/ramp.js', import.meta.url));

export const ADMIN_TOKEN = 'ramp_faults-admin-token-0123456789';

export { within } from '../../packages/server/src/testing/within.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `ramp serve` process. */
export interface Replica {
  readonly url: string;
  readonly admin: RampClient;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (warnings, errors). */
  readonly stderr: () => string;
  /** Its role from /health/deep; undefined when it does not answer. */
  role(): Promise<'leader' | 'follower' | undefined>;
  /** SIGKILL: no shutdown, no goodbye to PostgreSQL. */
  kill9(): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `ramp serve --port 0` on `databaseUrl`, with the leader poll and the plan controller
 * tick shortened so that the tests run in seconds.
 */
export async function startReplica(databaseUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [RAMP_BIN, 'serve', '--port', '0'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      RAMP_ADMIN_TOKEN: ADMIN_TOKEN,
      RAMP_LEADER_POLL_MS: '200',
      RAMP_PLAN_INTERVAL_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`ramp serve exited with ${code}: ${out}${err}`)));
  });
  const admin = createClient({ baseUrl: url, token: ADMIN_TOKEN });
  const replica: Replica = {
    url,
    admin,
    child,
    stderr: () => err,
    role: async () => {
      try {
        return (await createClient({ baseUrl: url }).deepHealth()).replica?.role;
      } catch {
        return undefined;
      }
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return replica;
}

/** Replicas sharing a fresh schema of the test PostgreSQL; `stop()` ends them and drops it. */
export interface ReplicaSet {
  readonly replicas: Replica[];
  /** The replicas' DATABASE_URL (for direct queries). */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `count` replicas at once: they race to migrate the empty schema, and one wins. */
export async function startReplicaSet(count: number): Promise<ReplicaSet> {
  const schema = await postgresSchema();
  const replicas = await Promise.all(Array.from({ length: count }, () => startReplica(schema.url)));
  return {
    replicas,
    url: schema.url,
    stop: async () => {
      await Promise.all(replicas.map((r) => r.stop()));
      await schema.drop();
    },
  };
}

/** The leaders among `replicas` that answer. */
export async function leadersOf(replicas: readonly Replica[]): Promise<Replica[]> {
  const roles = await Promise.all(replicas.map((r) => r.role()));
  return replicas.filter((_, i) => roles[i] === 'leader');
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A PostgreSQL server of the test's own, in a temporary folder, that it may stop and start. */
export interface PrivatePostgres {
  readonly url: string;
  stop(): void;
  start(): void;
  /** Stops it and deletes its folder. */
  destroy(): void;
}

function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (version === undefined) throw new Error(`no PostgreSQL under ${root}`);
  return join(root, version, 'bin', name);
}

/**
 * `initdb` and `pg_ctl start` on a free port, listening on 127.0.0.1 only, with trust auth.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ramp-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', postgresBin(bin), ...args]]
      : [postgresBin(bin), args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one query on a connection of its own. */
export async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
