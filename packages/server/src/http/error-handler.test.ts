import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../app.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { sqliteTestDatabase } from '../testing/databases.js';
import { isDatabaseUnavailable, toErrorReply } from './error-handler.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 4096 });
});
afterAll(async () => t.close());

describe('every error is {"error":{"code","message"}}', () => {
  it.each([
    [
      'malformed JSON',
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: '{"key":',
        headers: { 'content-type': 'application/json' },
      },
      400,
      'BAD_REQUEST',
    ],
    [
      'an empty JSON body',
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: '',
        headers: { 'content-type': 'application/json' },
      },
      400,
      'BAD_REQUEST',
    ],
    [
      'a body over the limit',
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: { key: 'a', description: 'x'.repeat(5000) },
      },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown route', { method: 'GET', url: '/api/v1/nothing' }, 404, 'NOT_FOUND'],
    [
      'an unknown content type',
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: '<a/>',
        headers: { 'content-type': 'application/xml' },
      },
      400,
      'BAD_REQUEST',
    ],
    [
      'a non-object body',
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: '[1]',
        headers: { 'content-type': 'application/json' },
      },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown field',
      { method: 'POST', url: '/api/v1/flags', payload: { key: 'a', colour: 'red' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a missing field',
      { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x' } },
      400,
      'VALIDATION_FAILED',
    ],
    ['a bad query', { method: 'GET', url: '/api/v1/audit?limit=0' }, 400, 'VALIDATION_FAILED'],
    [
      'a bad If-Match',
      { method: 'PATCH', url: '/api/v1/flags/a', payload: {}, headers: { 'if-match': 'soon' } },
      400,
      'VALIDATION_FAILED',
    ],
  ] as const)('%s', async (_name, options, status, code) => {
    const response = await t.request(options);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('names the field in validation messages', async () => {
    const message = async (payload: unknown, url = '/api/v1/flags') =>
      (await t.request({ method: 'POST', url, payload: payload as object })).json<{
        error: { message: string };
      }>().error.message;
    expect(await message({ key: 'a', colour: 'red' })).toBe('colour: is not a known field');
    expect(await message({ key: 'a', requires: ['ok', 'not ok'] })).toMatch(
      /^requires\[1\]: expected letters/,
    );
    expect(await message({ name: 'x' }, '/api/v1/tokens')).toBe('scope: is required');
    expect(await message({ name: 'x', scope: 'root' }, '/api/v1/tokens')).toBe(
      'scope: expected one of admin, sdk, read',
    );
    expect(await message({ key: 'a', enabled: 'yes' })).toBe('enabled: must be boolean');
  });

  it('never answers bad input with a 500', async () => {
    const bodies = [
      'null',
      '1',
      '"x"',
      '{}',
      '{"key":null}',
      '{"key":"a","percentage":"NaN"}',
      '{"__proto__":{"x":1}}',
      '{"key":"a","requires":"b"}',
    ];
    const routes = [
      '/api/v1/flags',
      '/api/v1/flags/a/rollback',
      '/api/v1/kill-all',
      '/admin/feature-flags',
      '/api/v1/evaluate',
      '/api/v1/tokens',
    ];
    for (const url of routes) {
      for (const payload of bodies) {
        const response = await t.request({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expect(response.statusCode, `${url} ${payload}`).toBeLessThan(500);
      }
    }
  });
});

describe('routes', () => {
  it('cannot be registered without an access decision', async () => {
    const handle = await sqliteTestDatabase();
    const { fastify } = createApp({ database: handle.database });
    expect(() => fastify.get('/undecided', () => 'x')).toThrow(/declares no access/);
    await handle.drop();
  });
});

describe('a database that cannot be reached', () => {
  it('is a 503 UNAVAILABLE, not a 500', async () => {
    // A real connection attempt to a port where nothing listens.
    const client = new pg.Client({ connectionString: 'postgres://ramp@127.0.0.1:1/ramp' });
    const refused = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(toErrorReply(refused)).toEqual({
      status: 503,
      body: {
        error: {
          code: 'UNAVAILABLE',
          message: 'the database is unavailable; nothing was written, retry',
        },
      },
    });
    expect(toErrorReply(new Error('duplicate key value')).status).toBe(500);
  });
});
