import type { Scope } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';

/**
 * Who may call each route. Written out here, independently of the routes' own declarations:
 * a new route missing from this table fails the first test, and a route whose declaration
 * disagrees fails the matrix.
 */
const ROUTES: Record<string, readonly Scope[] | 'public'> = {
  'GET /health': 'public',
  'GET /health/deep': 'public',
  'GET /api/v1/flags': ['admin', 'read'],
  'GET /api/v1/flags/:key': ['admin', 'read'],
  'POST /api/v1/flags': ['admin'],
  'PATCH /api/v1/flags/:key': ['admin'],
  'DELETE /api/v1/flags/:key': ['admin'],
  'POST /api/v1/flags/:key/rollback': ['admin'],
  'GET /api/v1/kill-all': ['admin', 'read'],
  'POST /api/v1/kill-all': ['admin'],
  'DELETE /api/v1/kill-all': ['admin'],
  'POST /api/v1/kill-all/undo': ['admin'],
  'GET /admin/feature-flags': ['admin'],
  'POST /admin/feature-flags': ['admin'],
  'POST /api/v1/evaluate': ['admin', 'sdk', 'read'],
  'GET /api/v1/snapshot': ['admin', 'sdk', 'read'],
  'GET /api/v1/stream': ['admin', 'sdk', 'read'],
  'GET /api/v1/audit': ['admin', 'read'],
  'POST /api/v1/tokens': ['admin'],
  'GET /api/v1/tokens': ['admin'],
  'DELETE /api/v1/tokens/:id': ['admin'],
  'POST /ofrep/v1/evaluate/flags/:key': ['admin', 'sdk', 'read'],
  'POST /ofrep/v1/evaluate/flags': ['admin', 'sdk', 'read'],
  'GET /metrics': ['admin', 'read'],
  'POST /api/v1/metrics': ['admin', 'sdk'],
  'GET /api/v1/metrics/summary': ['admin', 'read'],
  'POST /api/v1/plans': ['admin'],
  'GET /api/v1/plans': ['admin', 'read'],
  'GET /api/v1/plans/:name': ['admin', 'read'],
  'GET /api/v1/plans/:name/decisions': ['admin', 'read'],
  'POST /api/v1/plans/:name/approve': ['admin'],
  'POST /api/v1/plans/:name/hold': ['admin'],
  'POST /api/v1/plans/:name/resume': ['admin'],
  'POST /api/v1/plans/:name/rollback': ['admin'],
  'POST /api/v1/plans/:name/readiness': ['admin'],
  'GET /docs': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'GET /docs/static/*': 'public',
  'HEAD /docs/static/*': 'public',
};

const SCOPES: readonly Scope[] = ['admin', 'sdk', 'read'];
type Credential = 'none' | 'unknown' | Scope;

describe('auth: every route, every credential', () => {
  let handle: TestDatabase;
  let app: App;
  let base: string;
  const tokens: Partial<Record<Credential, string>> = { unknown: 'ramp_not-a-real-token' };

  beforeAll(async () => {
    handle = await sqliteTestDatabase();
    // The matrix fails authentication on purpose dozens of times from one address.
    app = createApp({
      database: handle.database,
      rateLimit: { maxFailures: 10_000, windowMs: 60_000 },
    });
    tokens.admin = 'ramp_auth-table-admin-token';
    await app.auth.ensureAdminToken(tokens.admin);
    for (const scope of ['sdk', 'read'] as const) {
      tokens[scope] = (await app.auth.create('test', { name: scope, scope })).token;
    }
    await app.flags.create({ key: 'auth-flag' }, { actor: 'test' });
    await app.plans.apply(
      {
        name: 'auth-plan',
        flags: [{ key: 'auth-flag' }],
        phases: [{ name: 'all', percentages: { 'auth-flag': 100 }, bake: '1h' }],
      },
      { actor: 'test' },
    );
    base = await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.fastify.close();
    await handle.drop();
  });

  it('has an auth decision in this table for every registered route, and no stale ones', () => {
    const registered = app.routes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(ROUTES).sort());
  });

  const cases = Object.entries(ROUTES).flatMap(([route, allowed]) =>
    (['none', 'unknown', ...SCOPES] as const).map((credential) => ({
      route,
      credential,
      expected: expectation(allowed, credential),
    })),
  );

  it.each(cases)(
    '$route with $credential token: $expected',
    async ({ route, credential, expected }) => {
      const status = await call(base, route, tokens[credential]);
      if (expected === 'allowed') {
        expect([401, 403, 429]).not.toContain(status);
        expect(status).toBeLessThan(500);
        if (route.startsWith('GET ')) expect(status).toBe(200);
      } else {
        expect(status).toBe(expected);
      }
    },
  );
});

function expectation(
  allowed: readonly Scope[] | 'public',
  credential: Credential,
): 'allowed' | 401 | 403 {
  if (allowed === 'public') return 'allowed';
  if (credential === 'none' || credential === 'unknown') return 401;
  return allowed.includes(credential) ? 'allowed' : 403;
}

/** Calls a route with harmless arguments; returns the status (streams are cut after it). */
async function call(base: string, route: string, token: string | undefined): Promise<number> {
  const [method = 'GET', pattern = '/'] = route.split(' ');
  // Reads hit a real flag; writes aim at missing things or carry empty bodies (4xx, no change).
  const key = method === 'GET' ? 'auth-flag' : 'missing-flag';
  const path = pattern
    .replace(':key', key)
    .replace(':id', 'missing-token')
    .replace(':name', method === 'GET' ? 'auth-plan' : 'missing-plan')
    .replace('*', 'swagger-ui.css');
  const headers: Record<string, string> =
    token === undefined ? {} : { authorization: `Bearer ${token}` };
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['content-type'] = 'application/json';
    init.body = '{}';
  }
  const abort = new AbortController();
  const response = await fetch(base + path, { ...init, signal: abort.signal });
  abort.abort();
  return response.status;
}
