import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../testing/raw-http.js';
import { installErrorHandling } from './error-handler.js';
import { fastifyOptions, MAX_PARAM_LENGTH } from './fastify-options.js';

let app: FastifyInstance;
let base: URL;
beforeAll(async () => {
  app = Fastify({ ...fastifyOptions, logger: false });
  installErrorHandling(app);
  app.get('/things/:key', (request) => ({ key: (request.params as { key: string }).key }));
  // Answers after the rest of the connection's bytes have been parsed.
  app.delete('/things/:key', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { deleted: true };
  });
  base = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(async () => app.close());

/** Writes raw bytes on a new connection; resolves with everything read until it closes. */
function exchange(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const rampError = { error: { code: 'BAD_REQUEST', message: expect.any(String) } };

describe('fastifyOptions', () => {
  it('answers a malformed escape in the path in Ramp’s shape', async () => {
    const response = await sendRaw(base, { method: 'GET', path: '/things/%zz' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual(rampError);
  });

  it(`takes path parameters up to ${MAX_PARAM_LENGTH} characters, then answers 400`, async () => {
    const key = 'k'.repeat(MAX_PARAM_LENGTH);
    const longest = await sendRaw(base, { method: 'GET', path: `/things/${key}` });
    expect(JSON.parse(longest.body)).toEqual({ key });
    const over = await sendRaw(base, { method: 'GET', path: `/things/${key}k` });
    expect(over.status).toBe(400);
    expect(JSON.parse(over.body)).toEqual(rampError);
  });

  it('answers a request Node cannot parse in Ramp’s shape, and closes the connection', async () => {
    const reply = await exchange(
      Buffer.from('GET /th\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toContain('\r\nConnection: close\r\n');
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual(rampError);
  });

  it('answers headers over 16 KiB in Ramp’s shape', async () => {
    const response = await sendRaw(base, {
      method: 'GET',
      path: `/things/a?x=${'a'.repeat(20_000)}`,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('16 KiB') },
    });
  });

  it('answers the request before junk that follows it, then the junk', async () => {
    // A body without a length: the server reads it as the next request, which is not HTTP.
    const reply = await exchange('DELETE /things/a HTTP/1.1\r\nHost: x\r\n\r\n{"a":1}\r\n\r\n');
    const statuses = [...reply.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '400']);
    expect(reply).toContain('{"deleted":true}');
  });
});
