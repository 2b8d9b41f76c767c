import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../../testing/databases.js';
import { registerDashboard } from './dashboard-routes.js';

const PAGE = '<!doctype html><title>Ramp</title><div id="root"></div>';

describe('registerDashboard', () => {
  let db: TestDatabase;
  let app: App;
  const distDir = tempDir();

  beforeAll(async () => {
    mkdirSync(join(distDir, 'assets'));
    writeFileSync(join(distDir, 'index.html'), PAGE);
    writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    db = await sqliteTestDatabase();
    app = createApp({ database: db.database });
    registerDashboard(app.fastify, { distDir });
    await app.fastify.ready();
  });

  afterAll(async () => {
    await app.fastify.close();
    await db.drop();
    rmSync(distDir, { recursive: true, force: true });
  });

  const get = (url: string) => app.fastify.inject({ method: 'GET', url });

  it('serves the page at / and at the dashboard’s own paths, revalidated on every load', async () => {
    for (const url of ['/', '/flags/checkout', '/stale?x=1']) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
      expect(reply.body).toBe(PAGE);
    }
  });

  it('caches hashed assets for a year', async () => {
    const reply = await get('/assets/index-abc123.js');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/javascript/);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves top-level files of the build', async () => {
    const reply = await get('/favicon.svg');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('keeps JSON 404s for unknown API paths and missing assets', async () => {
    for (const url of ['/api/v1/nope', '/api', '/admin/x', '/assets/missing-123.js']) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(404);
      expect(reply.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('leaves the API as it was: tokens still required', async () => {
    expect((await get('/api/v1/flags')).statusCode).toBe(401);
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
  });

  it('never serves files outside the build', async () => {
    for (const url of ['/assets/../../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd']) {
      const reply = await get(url);
      expect(reply.body, url).not.toContain('root:');
    }
  });

  it('refuses to start without a build, naming the missing file', () => {
    expect(() => registerDashboard(app.fastify, { distDir: join(distDir, 'nowhere') })).toThrow(
      /index\.html is missing/,
    );
  });
});
