import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { sqliteTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { runChecks } from './index.js';

const handles: TestDatabase[] = [];
afterAll(async () => {
  for (const h of handles) await h.drop();
});

describe('health checks', () => {
  it('report each check, and the failing one by name', async () => {
    const report = await runChecks({
      database: () => Promise.resolve(),
      cache: () => Promise.reject(new Error('gone')),
    });
    expect(report).toEqual({
      status: 'error',
      checks: { database: 'ok', cache: 'error: gone' },
      error: { code: 'UNAVAILABLE', message: 'cache: error: gone' },
    });
  });

  it('answer 503 on /health/deep when the database fails', async () => {
    const handle = await sqliteTestDatabase();
    handles.push(handle);
    const database = {
      ...handle.database,
      ping: () => Promise.reject(new Error('disk I/O error')),
    };
    const { fastify } = createApp({ database });
    const deep = await fastify.inject({ method: 'GET', url: '/health/deep' });
    expect(deep.statusCode).toBe(503);
    expect(deep.json()).toMatchObject({
      status: 'error',
      checks: { database: 'error: disk I/O error' },
    });
    expect((await fastify.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await fastify.close();
  });
});
