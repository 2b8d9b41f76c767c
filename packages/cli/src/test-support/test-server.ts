import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type RampClient } from '@ramp/api';
import { startServer, type RunningServer } from '@ramp/server';

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
