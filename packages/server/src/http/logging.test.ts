import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN } from '../testing/app.js';
import { loggerOptions, redactQueryToken } from './logging.js';

describe('logs', () => {
  it('redact a ?token= parameter', () => {
    expect(redactQueryToken('/api/v1/stream?token=ramp_secret&x=1')).toBe(
      '/api/v1/stream?token=[redacted]&x=1',
    );
    expect(redactQueryToken('/api/v1/stream?a=1&TOKEN=ramp_secret')).toBe(
      '/api/v1/stream?a=1&TOKEN=[redacted]',
    );
    expect(redactQueryToken('/health')).toBe('/health');
  });

  it('never contain a token, from the header or the query string', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = loggerOptions('trace');
    const t = await createTestApp({
      logger: typeof options === 'object' ? { ...options, stream } : false,
    });
    await t.request({ method: 'GET', url: `/api/v1/flags?token=${TEST_ADMIN_TOKEN}` });
    await t.request({
      method: 'GET',
      url: '/api/v1/flags',
      headers: { authorization: 'Bearer ramp_wrong-guess-0000' },
    });
    await t.close();
    const log = lines.join('');
    expect(log).toContain('/api/v1/flags');
    expect(log).not.toContain(TEST_ADMIN_TOKEN);
    expect(log).not.toContain('ramp_wrong-guess');
  });
});
