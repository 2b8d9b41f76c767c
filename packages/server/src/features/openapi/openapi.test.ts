import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';

const DOCUMENT_FILE = fileURLToPath(new URL('../../../../../docs/openapi.json', import.meta.url));

describe('OpenAPI', () => {
  let test: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
  };

  beforeAll(async () => {
    test = await createTestApp();
    const reply = await test.request({ method: 'GET', url: '/docs/json', headers: {} });
    expect(reply.statusCode).toBe(200);
    document = reply.json();
  });
  afterAll(() => test.close());

  it('is docs/openapi.json (run with UPDATE_OPENAPI=1 to rewrite it)', async () => {
    const options = (await resolveConfig(DOCUMENT_FILE)) ?? {};
    const expected = await format(JSON.stringify(document), { ...options, parser: 'json' });
    if (process.env['UPDATE_OPENAPI'] === '1') writeFileSync(DOCUMENT_FILE, expected);
    const actual = readFileSync(DOCUMENT_FILE, 'utf8');
    expect(
      actual,
      'docs/openapi.json is out of date: UPDATE_OPENAPI=1 npx vitest run openapi',
    ).toBe(expected);
  });

  it('describes every API route, with its security, from the schemas requests are validated with', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const apiRoutes = test.app.routes
      .filter((route) => !route.url.startsWith('/docs'))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.sort()).toEqual(apiRoutes.sort());
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/health']?.get?.security).toEqual([]);
    expect(document.paths['/ofrep/v1/evaluate/flags']?.post?.security).toEqual([
      { bearerAuth: [] },
    ]);
    expect(document.paths['/ofrep/v1/evaluate/flags']?.post?.tags).toEqual(['OFREP']);
  });

  it('renders the page at /docs without a token', async () => {
    const reply = await test.request({
      method: 'GET',
      url: '/docs',
      headers: { authorization: '' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.body).toContain('swagger-ui');
  });
});
