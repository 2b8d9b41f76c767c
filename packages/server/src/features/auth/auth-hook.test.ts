import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../testing/app.js';
import { FakeClock } from '../../testing/fake-clock.js';

const clock = new FakeClock();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

describe('repeated authentication failures', () => {
  it('get 429 after 20 in a minute from one address, valid tokens included, then recover', async () => {
    const attempt = (token: string) =>
      t.request({
        method: 'GET',
        url: '/api/v1/flags',
        headers: { authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 20; i++) expect((await attempt(`ramp_guess-${i}`)).statusCode).toBe(401);
    const limited = await attempt('ramp_guess-21');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await attempt(TEST_ADMIN_TOKEN)).statusCode).toBe(429);
    expect((await t.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await attempt(TEST_ADMIN_TOKEN)).statusCode).toBe(200);
  });

  it('records when a token was last used', async () => {
    clock.advance(120_000);
    await t.request({ method: 'GET', url: '/api/v1/flags' });
    const tokens = (await t.request({ method: 'GET', url: '/api/v1/tokens' })).json<{
      tokens: { lastUsedAt: string | null }[];
    }>();
    expect(tokens.tokens[0]?.lastUsedAt).toBe(new Date(clock.now()).toISOString());
  });
});
