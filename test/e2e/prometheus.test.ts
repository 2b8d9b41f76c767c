import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startPrometheus,
  type TestPrometheus,
} from '../../packages/server/src/testing/prometheus.js';
import { startRamp, type RampServer } from './openfeature-support.js';

// A real Prometheus (Debian's package; CI installs it) scrapes a real Ramp server on loopback
// with a read token, as docs/interfaces.md tells users to configure it.

describe('Prometheus scraping /metrics', () => {
  let ramp: RampServer;
  let prometheus: TestPrometheus | undefined;

  beforeAll(async () => {
    ramp = await startRamp();
    await ramp.admin.createFlag({ key: 'checkout', enabled: true, percentage: 100 });
    await ramp.admin.evaluate({ sessionId: 'session-1', flags: ['checkout'] });
    prometheus = await startPrometheus({ target: new URL(ramp.url).host, token: ramp.readToken });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await ramp?.close();
  });

  const query = (promql: string) => prometheus!.query(promql);

  it('reports the target up with a bearer token, and stores Ramp metrics', async () => {
    await vi.waitFor(
      async () => {
        expect(prometheus?.running(), `prometheus exited: ${prometheus?.output()}`).toBe(true);
        const up = await query('up{job="ramp"}');
        expect(up[0]?.value[1]).toBe('1');
      },
      { timeout: 30_000, interval: 250 },
    );
    const evaluations = await query('ramp_flag_evaluations_total{flag="checkout"}');
    expect(evaluations).toMatchObject([
      { metric: { job: 'ramp', flag: 'checkout', cohort: 'on' }, value: [expect.any(Number), '1'] },
    ]);
    expect(await query('ramp_sse_clients')).toHaveLength(1);
  }, 40_000);
});
