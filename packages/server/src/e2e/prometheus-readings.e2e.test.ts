import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../app.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { FakeClock } from '../testing/fake-clock.js';
import { freePort, startPrometheus, type TestPrometheus } from '../testing/prometheus.js';

// The plan controller reads a gate from a real Prometheus that scrapes this Ramp server.

const TOKEN = 'ramp_prometheus-readings-token-0123456789';
const PLAN = `
name: prometheus-rollout
flags:
  - key: checkout
metrics:
  evaluations: { prometheus: { query: 'sum(ramp_flag_evaluations_total{flag="{{flag}}"})' } }
phases:
  - name: canary
    percentages: { checkout: 50 }
    bake: 1m
    gates:
      - { name: evaluations-seen, metric: evaluations, atLeast: 3 }
`;

describe('the plan controller reading Prometheus', () => {
  let handle: TestDatabase;
  let app: App;
  let prometheus: TestPrometheus | undefined;
  const clock = new FakeClock(Date.now());

  const inject = (method: 'GET' | 'POST', url: string, payload?: object | string) =>
    app.fastify.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(typeof payload === 'string' ? { 'content-type': 'application/yaml' } : {}),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    const port = await freePort();
    handle = await sqliteTestDatabase();
    // No url in the plan: the gate reads the server's Prometheus (RAMP_PROMETHEUS_URL).
    app = createApp({
      database: handle.database,
      clock,
      prometheusUrl: `http://127.0.0.1:${port}`,
    });
    await app.auth.ensureAdminToken(TOKEN);
    const url = await app.fastify.listen({ port: 0, host: '127.0.0.1' });
    prometheus = await startPrometheus({ target: new URL(url).host, token: TOKEN, port });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await app?.planController.close();
    await app?.fastify.close();
    await handle?.drop();
  });

  it('judges a gate on the value Prometheus scraped from /metrics', async () => {
    expect((await inject('POST', '/api/v1/flags', { key: 'checkout' })).statusCode).toBe(201);
    expect((await inject('POST', '/api/v1/plans', PLAN)).statusCode).toBe(201);
    expect(await app.planController.tick()).toEqual({ 'prometheus-rollout': 'GO' });
    for (const sessionId of ['s1', 's2', 's3']) {
      const reply = await inject('POST', '/api/v1/evaluate', { sessionId, flags: ['checkout'] });
      expect(reply.statusCode).toBe(200);
    }
    // Wait until Prometheus has scraped all three evaluations.
    await vi.waitFor(
      async () => {
        expect(prometheus?.running(), `prometheus exited: ${prometheus?.output()}`).toBe(true);
        const value = await queryNow('sum(ramp_flag_evaluations_total{flag="checkout"})');
        expect(value).toBe('3');
      },
      { timeout: 30_000, interval: 250 },
    );

    clock.advance(61_000);
    expect(await app.planController.tick()).toEqual({ 'prometheus-rollout': 'GO' });
    const [decision] = await app.plans.decisions('prometheus-rollout', 1);
    expect(decision?.to).toBe('completed');
    expect(decision?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'gate',
        name: 'evaluations-seen',
        value: 3,
        verdict: 'pass',
      }),
    );
  }, 40_000);

  async function queryNow(promql: string): Promise<string | undefined> {
    return (await prometheus!.query(promql))[0]?.value[1];
  }
});
