import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { PropagationTimer } from './propagation-timer.js';

describe('PropagationTimer', () => {
  it('observes commit-to-broadcast for revisions committed here, once each', () => {
    let now = 1000;
    const observed: number[] = [];
    const timer = new PropagationTimer({ now: () => now, observe: (s) => observed.push(s) });
    timer.committed(1);
    timer.committed(2);
    now = 1004;
    timer.broadcast(1);
    now = 1010;
    timer.broadcast(2);
    timer.broadcast(2);
    timer.broadcast(3); // committed by another replica: no start here
    expect(observed).toEqual([0.004, 0.01]);
    expect(timer.pending).toBe(0);
  });
});

describe('GET /metrics', () => {
  let test: TestApp;
  let sdkToken: string;
  let readToken: string;

  beforeAll(async () => {
    test = await createTestApp();
    sdkToken = (await test.app.auth.create('test', { name: 'sdk', scope: 'sdk' })).token;
    readToken = (await test.app.auth.create('test', { name: 'read', scope: 'read' })).token;
    await test.app.flags.create({ key: 'checkout', enabled: true }, { actor: 'test' });
  });
  afterAll(() => test.close());

  const scrape = async (token = readToken) => {
    const reply = await test.request({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    });
    return reply;
  };

  it('needs an admin or read token', async () => {
    const none = await test.request({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: '' },
    });
    expect(none.statusCode).toBe(401);
    expect((await scrape(sdkToken)).statusCode).toBe(403);
    const reply = await scrape();
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/plain');
  });

  it('counts decisions served by flag and cohort, and never unknown keys', async () => {
    const evaluate = await test.request({
      method: 'POST',
      url: '/api/v1/evaluate',
      payload: { sessionId: 's-1', flags: ['checkout', 'no-such-flag'] },
    });
    expect(evaluate.statusCode).toBe(200);
    const text = (await scrape()).body;
    expect(text).toContain('ramp_flag_evaluations_total{flag="checkout",cohort="on"} 1');
    expect(text).not.toContain('no-such-flag');
  });

  it('exposes the rollout port, SSE clients, propagation and request durations', async () => {
    test.app.rolloutMetrics.recordDecision('memory-system', 'HOLD');
    test.app.rolloutMetrics.setGateValue('memory-system', 'p95_latency_ms', 412);
    await test.request({ method: 'GET', url: '/nowhere/at/all' });
    await test.request({ method: 'POST', url: '/api/v1/flags', payload: { key: 'search' } });
    // The commit is pushed to the streams asynchronously.
    await vi.waitFor(async () =>
      expect((await scrape()).body).toMatch(/^ramp_propagation_lag_seconds_count 1$/m),
    );
    const text = (await scrape()).body;
    expect(text).toContain('ramp_rollout_decisions_total{plan="memory-system",decision="HOLD"} 1');
    expect(text).toContain(
      'ramp_rollout_gate_value{plan="memory-system",gate="p95_latency_ms"} 412',
    );
    expect(text).toContain('ramp_sse_clients 0');
    expect(text).toContain('route="/api/v1/evaluate",status="200"');
    expect(text).toContain('route="unmatched",status="404"');
  });
});
