import { rmSync } from 'node:fs';
import { createClient, type RampClient } from '@ramp/api';
import { startServer, type RunningServer, type StartServerOptions } from '../start-server.js';
import { tempDir } from './databases.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly dataDir: string;
  readonly adminToken: string;
  /** A client with the admin token. */
  readonly admin: RampClient;
  /** A client with another token (or none). */
  clientWith(token?: string): RampClient;
  /** Stops the server; removes the data dir it created unless `keepData` (restarts). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real server on a free port of 127.0.0.1, isolated from the environment. A new data dir
 * unless one is given (restart tests pass the previous one).
 */
export async function startTestServer(options: StartServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const adminToken = options.adminToken ?? 'ramp_test-admin-token-0123456789';
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    env: {},
    ...options,
    dataDir,
    adminToken,
  });
  const clientWith = (token?: string) => createClient({ baseUrl: server.url, token });
  return {
    server,
    url: server.url,
    dataDir,
    adminToken,
    admin: clientWith(adminToken),
    clientWith,
    close: async ({ keepData = false } = {}) => {
      await server.close();
      if (options.dataDir === undefined && !keepData)
        rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
