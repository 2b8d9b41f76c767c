import { join } from 'node:path';
import type { MetricsSummary } from '@ramp/api';
import { FeatureFlags } from '@ramp/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyMetricStore, loadReadings } from '../features/metrics/index.js';
import { SKETCH_ACCURACY } from '../features/rollouts/index.js';
import { openDatabase, type Database } from '../storage/database.js';
import { startTestServer, type TestServer } from '../testing/server.js';

const MINUTE = 60_000;
const quiet = { warn: () => undefined };

/** The exact q-quantile the DDSketch approximates (its rank rule). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('metrics end to end: a real SDK in remote mode and a real server', () => {
  let server: TestServer;
  let flags: FeatureFlags;
  let readToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.createFlag({ key: 'checkout', enabled: true, percentage: 40 });
    await server.admin.createFlag({ key: 'search', enabled: true, percentage: 100 });
    const sdk = await server.admin.createToken({ name: 'app', scope: 'sdk' });
    readToken = (await server.admin.createToken({ name: 'dash', scope: 'read' })).token;
    flags = new FeatureFlags({
      ...{ url: server.url, token: sdk.token, file: false, env: {}, logger: quiet },
      metricsFlushMs: 60_000,
    });
    expect((await flags.ready()).source).toBe('remote');
  });
  afterAll(async () => {
    flags.close();
    await server.close();
  });

  it('sends track, increment, event and exposures; the SQL Readings and the summary read them back', async () => {
    const started = Date.now();
    const values = { on: [] as number[], off: [] as number[] };
    let exposed = { on: 0, off: 0 };
    for (let i = 0; i < 600; i++) {
      const sessionId = `user-${i}`;
      const cohort = flags.shouldUse('checkout', sessionId) ? 'on' : 'off';
      flags.shouldUse('search', sessionId); // 100 %: not active, no exposure
      exposed = { ...exposed, [cohort]: exposed[cohort] + 1 };
      const latency = (cohort === 'on' ? 150 : 100) + ((i * 37) % 50);
      values[cohort].push(latency);
      flags.track('latency_ms', latency, { sessionId });
      flags.increment('requests', { sessionId });
      if (i % 10 === 0) flags.increment('errors', { sessionId, by: 2 });
    }
    flags.event('critical_alert', { attributes: { source: 'pager' } });
    await flags.flush();

    const window = { from: started - MINUTE, to: Date.now() + MINUTE };
    const database: Database = openDatabase({
      kind: 'sqlite',
      path: join(server.dataDir, 'ramp.db'),
    });
    try {
      const readings = await loadReadings(new KyselyMetricStore(database.db), window);
      expect(readings.exposures({ flag: 'checkout', ...window })).toEqual(exposed);
      expect(readings.exposures({ flag: 'search', ...window })).toEqual({ on: 0, off: 0 });
      for (const cohort of ['on', 'off'] as const) {
        const sorted = [...values[cohort]].sort((a, b) => a - b);
        const latency = readings.series({
          metric: 'latency_ms',
          flag: 'checkout',
          cohort,
          ...window,
        });
        expect(latency.count).toBe(sorted.length);
        expect(latency.sum).toBe(sorted.reduce((a, b) => a + b, 0));
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = quantile(sorted, q);
          expect(Math.abs(latency.quantile(q)! - exact) / exact).toBeLessThanOrEqual(
            SKETCH_ACCURACY,
          );
        }
        const requests = readings.series({
          metric: 'requests',
          flag: 'checkout',
          cohort,
          ...window,
        });
        expect(requests.count).toBe(sorted.length);
      }
      const global = (metric: string) =>
        readings.series({ metric, flag: null, cohort: 'all', ...window }).count;
      expect(global('errors')).toBe(120);
      expect(global('critical_alert')).toBe(1);
      expect(global('latency_ms')).toBe(600);
    } finally {
      await database.close();
    }

    const reply = await fetch(
      `${server.url}/api/v1/metrics/summary?flag=checkout&from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}`,
      { headers: { authorization: `Bearer ${readToken}` } },
    );
    expect(reply.status).toBe(200);
    const summary = (await reply.json()) as MetricsSummary;
    expect(summary.exposures).toEqual([{ flag: 'checkout', ...exposed }]);
    const latencyOn = summary.series.find((s) => s.metric === 'latency_ms' && s.cohort === 'on');
    expect(latencyOn?.count).toBe(values.on.length);
    expect(latencyOn?.min).toBe(Math.min(...values.on));
    expect(latencyOn?.mean).toBeCloseTo(values.on.reduce((a, b) => a + b, 0) / values.on.length, 9);
  });
});
