import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type RampClient } from '@ramp/api';
import { startServer, type RunningServer } from '@ramp/server';
import { onTestFinished } from 'vitest';

/** The admin token every test server accepts (RAMP_ADMIN_TOKEN's format: 16+ characters). */
export const ADMIN_TOKEN = 'ramp_test_admin_token_0123456789';

/** A clock the test moves by hand; the server reads it for every timestamp it stores. */
export interface TestClock {
  now(): number;
  set(time: number): void;
}

export interface TestServer {
  readonly url: string;
  /** A client with the admin token, for arranging state and checking it. */
  readonly admin: RampClient;
  /** RAMP_URL and RAMP_TOKEN (admin) for `runCli`. */
  readonly env: { RAMP_URL: string; RAMP_TOKEN: string };
  readonly clock: TestClock;
  close(): Promise<void>;
}

/**
 * A real control plane on a free port of 127.0.0.1 over a temporary SQLite file, isolated
 * from the environment, with a hand-moved clock (real time unless the test sets it).
 */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ramp-cli-server-'));
  let time: number | undefined;
  const clock: TestClock = {
    now: () => time ?? Date.now(),
    set(value) {
      time = value;
    },
  };
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      adminToken: ADMIN_TOKEN,
      logger: false,
      env: {},
      clock,
      dashboardDir: false,
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    admin: createClient({ baseUrl: server.url, token: ADMIN_TOKEN }),
    env: { RAMP_URL: server.url, RAMP_TOKEN: ADMIN_TOKEN },
    clock,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server over a store the test already has (a restart, a backup, a restored copy). */
export interface StoreServer {
  readonly url: string;
  readonly admin: RampClient;
  /** Stops it (also done when the test ends); safe to call twice. */
  close(): Promise<void>;
}

/**
 * A real control plane on the SQLite store in `dataDir`, on `port` (0: a free one), stopped
 * when the test ends. It accepts ADMIN_TOKEN (stored if absent) unless `adminToken` is false,
 * which leaves the store's tokens exactly as they are.
 */
export async function serveOn(
  dataDir: string,
  { port = 0, adminToken = true }: { port?: number; adminToken?: boolean } = {},
): Promise<StoreServer> {
  const server = await startServer({
    port,
    host: '127.0.0.1',
    dataDir,
    ...(adminToken ? { adminToken: ADMIN_TOKEN } : {}),
    logger: false,
    env: {},
    dashboardDir: false,
  });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= server.close());
  onTestFinished(close);
  return {
    url: server.url,
    admin: createClient({ baseUrl: server.url, token: ADMIN_TOKEN }),
    close,
  };
}
