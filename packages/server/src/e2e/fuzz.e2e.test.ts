import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase } from '../testing/databases.js';
import { startFuzzTarget, type FuzzTarget } from '../testing/fuzz-target.js';
import { httpFuzzSuite } from '../testing/http-fuzz-suite.js';
import type { RawRequest } from '../testing/raw-http.js';

httpFuzzSuite('SQLite', { database: sqliteTestDatabase, runs: 30, unauthenticatedRuns: 8 });

/**
 * Found by the fuzzer: replies Fastify used to write in its own shape, now answered by
 * `fastifyOptions` (http/fastify-options.ts), which `createApp` passes to Fastify.
 */
describe('requests Fastify refuses before any route', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget(await sqliteTestDatabase());
  });
  afterAll(async () => target.close());

  const send = (request: RawRequest) =>
    target.send({
      ...request,
      headers: { authorization: `Bearer ${target.adminToken}`, ...request.headers },
    });
  const expectRampError = (body: string) =>
    expect(JSON.parse(body)).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.any(String) },
    });

  it('answers a malformed escape in the path in Ramp’s shape', async () => {
    const response = await send({ method: 'GET', path: '/api/v1/flags/%zz' });
    expect(response.status).toBe(400);
    expectRampError(response.body);
  });

  it('answers a raw non-ASCII byte in the path in Ramp’s shape', async () => {
    const response = await send({ method: 'GET', path: '/api/v1/flags/\u00e9' });
    expect(response.status).toBe(400);
    expectRampError(response.body);
  });

  it('answers headers over 16 KiB in Ramp’s shape', async () => {
    const response = await send({ method: 'GET', path: `/api/v1/flags?x=${'a'.repeat(20_000)}` });
    expect(response.status).toBe(400);
    expectRampError(response.body);
  });

  it('reads a flag whose key has the longest length allowed (128)', async () => {
    const key = 'k'.repeat(128);
    const created = await send({
      method: 'POST',
      path: '/api/v1/flags',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(created.status).toBe(201);
    // Fastify's router refuses path parameters over 100 characters (414).
    expect((await send({ method: 'GET', path: `/api/v1/flags/${key}` })).status).toBe(200);
  });
});
