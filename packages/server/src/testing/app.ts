import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp, type App, type AppDeps } from '../app.js';
import { sqliteTestDatabase, type TestDatabase } from './databases.js';

export const TEST_ADMIN_TOKEN = 'ramp_inject-admin-token-0123456789';

export interface TestApp {
  readonly app: App;
  /** Injects a request with the admin token (unless headers say otherwise). */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** An app over a temporary SQLite file, driven with `inject` (no port). */
export async function createTestApp(deps: Omit<AppDeps, 'database'> = {}): Promise<TestApp> {
  const handle: TestDatabase = await sqliteTestDatabase();
  const app = createApp({ ...deps, database: handle.database });
  await app.auth.ensureAdminToken(TEST_ADMIN_TOKEN);
  return {
    app,
    request: (options) =>
      app.fastify.inject({
        ...options,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...options.headers },
      }),
    close: async () => {
      await app.fastify.close();
      await handle.drop();
    },
  };
}
