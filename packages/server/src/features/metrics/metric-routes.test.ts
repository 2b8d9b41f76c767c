import type { MetricsSummary } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { FakeClock } from '../../testing/fake-clock.js';

const MINUTE = 60_000;
const clock = new FakeClock(Date.parse('2026-03-01T12:00:30.000Z'));
const T0 = clock.now() - 5 * MINUTE;

describe('metric routes', () => {
  let test: TestApp;
  const tokens: Record<'sdk' | 'read', string> = { sdk: '', read: '' };

  beforeAll(async () => {
    test = await createTestApp({ clock });
    for (const scope of ['sdk', 'read'] as const) {
      tokens[scope] = (await test.app.auth.create('test', { name: scope, scope })).token;
    }
  });
  afterAll(() => test.close());

  const post = (payload: unknown, token = tokens.sdk) =>
    test.request({
      method: 'POST',
      url: '/api/v1/metrics',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const summary = async (query: string, token = tokens.read): Promise<MetricsSummary> => {
    const reply = await test.request({
      method: 'GET',
      url: `/api/v1/metrics/summary${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json();
  };

  it('takes a batch from an sdk token (202 with the counts) and summarises it for a read token', async () => {
    const reply = await post({
      sentAt: clock.now(),
      observations: [100, 200, 300, 400].map((value, i) => ({
        metric: 'route.latency_ms',
        value,
        at: T0,
        cohorts: { checkout: i % 2 === 0 ? 'on' : 'off' },
      })),
      counters: [{ metric: 'route.errors', count: 4, at: T0, cohorts: { checkout: 'on' } }],
      events: [{ name: 'route.alert', at: T0, attributes: { severity: 'page' } }],
      exposures: [{ flag: 'checkout', cohort: 'on', count: 12, at: T0 }],
      dropped: 3,
    });
    expect(reply.statusCode, reply.body).toBe(202);
    expect(reply.json()).toEqual({
      observations: 4,
      counters: 1,
      events: 1,
      exposures: 1,
      dropped: 3,
    });

    const all = await summary('?metric=route.latency_ms');
    expect(all.series.map((s) => [s.flag, s.cohort, s.count, s.mean])).toEqual([
      [null, 'all', 4, 250],
      ['checkout', 'off', 2, 300],
      ['checkout', 'on', 2, 200],
    ]);
    expect(all.series[0]).toMatchObject({ min: 100, max: 400 });
    expect(all.series[0]?.p50).toBeCloseTo(200, -1);
    const flag = await summary('?flag=checkout');
    expect(flag.exposures).toEqual([{ flag: 'checkout', on: 12, off: 0 }]);
    expect(flag.series.find((s) => s.metric === 'route.errors')).toMatchObject({
      count: 4,
      p95: null,
    });
    const global = await summary('?metric=route.alert');
    expect(global.series).toMatchObject([{ flag: null, cohort: 'all', count: 1 }]);
    const dropped = await summary('?metric=ramp.sdk.dropped');
    expect(dropped.series).toMatchObject([{ count: 3 }]);
    const before = await summary(`?to=${new Date(T0 - MINUTE).toISOString()}`);
    expect(before.series).toEqual([]);
  });

  it('refuses a read token on POST and an sdk token on the summary', async () => {
    expect((await post({ sentAt: clock.now() }, tokens.read)).statusCode).toBe(403);
    const reply = await test.request({
      method: 'GET',
      url: '/api/v1/metrics/summary',
      headers: { authorization: `Bearer ${tokens.sdk}` },
    });
    expect(reply.statusCode).toBe(403);
  });

  it.each([
    [
      'a bad metric name',
      { observations: [obs({ metric: 'no spaces' })] },
      'observations[0].metric',
    ],
    [
      'a name over 100 characters',
      { counters: [{ ...counter(), metric: 'x'.repeat(101) }] },
      'counters[0].metric',
    ],
    ['a value beyond 1e15', { observations: [obs({ value: 1e16 })] }, 'observations[0].value'],
    [
      'a cohort other than on/off',
      { observations: [obs({ cohorts: { a: 'maybe' } })] },
      'observations[0].cohorts',
    ],
    [
      'a bad flag key in cohorts',
      { observations: [obs({ cohorts: { 'bad key': 'on' } })] },
      'observations[0].cohorts',
    ],
    ['an unknown field', { observations: [obs({ extra: 1 })] }, 'observations[0].extra'],
    ['a count of 0', { counters: [{ ...counter(), count: 0 }] }, 'counters[0].count'],
    [
      'a time a week old',
      { counters: [{ ...counter(), at: T0 - 8 * 24 * 60 * MINUTE }] },
      'counters[0].at',
    ],
    [
      'a time an hour ahead',
      { exposures: [{ flag: 'a', cohort: 'on', count: 1, at: T0 + 65 * MINUTE }] },
      'exposures[0].at',
    ],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_, fields, field) => {
    const good = { observations: [obs()], counters: [counter()] };
    const reply = await post({ sentAt: clock.now(), ...good, ...fields });
    expect(reply.statusCode, reply.body).toBe(400);
    expect(reply.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(field) as string,
    });
    expect((await summary('?metric=bad.batch')).series).toEqual([]);
  });

  it('refuses a non-finite value written as JSON (1e400) and a batch of over 10,000 items', async () => {
    const body = `{"sentAt":${clock.now()},"observations":[{"metric":"bad.batch","value":1e400,"at":${T0},"cohorts":{}}]}`;
    expect((await post(body)).statusCode).toBe(400);
    const many = Array.from({ length: 6000 }, () => counter());
    const reply = await post({
      sentAt: clock.now(),
      counters: many,
      observations: many.map(() => obs()),
    });
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await summary('?metric=bad.batch')).series).toEqual([]);
  });

  it('corrects a skewed SDK clock with sentAt', async () => {
    const skew = 3 * 60 * MINUTE; // the SDK's clock is 3 hours behind
    const reply = await post({
      sentAt: clock.now() - skew,
      counters: [{ metric: 'skewed', count: 1, at: T0 - skew, cohorts: {} }],
    });
    expect(reply.statusCode, reply.body).toBe(202);
    expect((await summary('?metric=skewed')).series).toMatchObject([{ count: 1 }]);
  });

  it('refuses a summary window that is backwards or longer than 31 days', async () => {
    for (const query of [
      '?from=2026-03-01T12:00:00Z&to=2026-03-01T11:00:00Z',
      '?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z',
    ]) {
      const reply = await test.request({ method: 'GET', url: `/api/v1/metrics/summary${query}` });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

function obs(overrides: Record<string, unknown> = {}) {
  return { metric: 'bad.batch', value: 1, at: T0, cohorts: { a: 'on' }, ...overrides };
}

function counter() {
  return { metric: 'bad.batch', count: 1, at: T0, cohorts: {} };
}
