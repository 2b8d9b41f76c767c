import type { MetricsBatch } from '@ramp/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { aggregateBatch, KyselyMetricStore, loadReadings } from '../features/metrics/index.js';
import {
  MemoryMetricStore,
  SKETCH_ACCURACY,
  type Readings,
  type SeriesQuery,
} from '../features/rollouts/index.js';
import type { Database } from '../storage/database.js';
import type { TestDatabase } from './databases.js';
import { FakeClock } from './fake-clock.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const TOKEN = 'ramp_metric-contract-admin-token';
const WINDOW = { from: T0, to: T0 + 10 * MINUTE };

/**
 * One contract for the metric store, run against every database engine: merging adds and never
 * overwrites (also from concurrent transactions, as replicas do), and what goes in through the
 * API reads back through the SQL `Readings` exactly as MemoryMetricStore reads it.
 */
export function describeMetricStoreContract(
  engine: string,
  open: () => Promise<TestDatabase>,
): void {
  describe(`metric store contract: ${engine}`, () => {
    let handle: TestDatabase;
    let database: Database;

    beforeAll(async () => {
      handle = await open();
      database = handle.database;
    });
    afterAll(async () => handle.drop());
    beforeEach(async () => {
      for (const table of ['metric_minutes', 'metric_exposures', 'metric_events'] as const) {
        await database.db.deleteFrom(table).execute();
      }
    });

    const merge = (batch: MetricsBatch) =>
      database.transaction((trx) => new KyselyMetricStore(trx).merge(aggregateBatch(batch, 0)));
    const readings = () => loadReadings(new KyselyMetricStore(database.db), WINDOW);

    it('adds a second batch for the same minutes to the first, never overwriting', async () => {
      await merge(batchOf(latencies(0, 200), 7));
      await merge(batchOf(latencies(200, 400), 5));
      const memory = new MemoryMetricStore();
      feedMemory(memory, batchOf(latencies(0, 200), 7));
      feedMemory(memory, batchOf(latencies(200, 400), 5));
      expectSameReadings(await readings(), memory);
    });

    it('merges concurrent transactions on the same minutes without losing any', async () => {
      const batches = Array.from({ length: 6 }, (_, i) =>
        batchOf(latencies(i * 50, i * 50 + 50), i + 1),
      );
      await Promise.all(batches.map((b) => merge(b)));
      const memory = new MemoryMetricStore();
      for (const b of batches) feedMemory(memory, b);
      expectSameReadings(await readings(), memory);
      const on = (await readings()).series(query('errors', 'checkout', 'on'));
      expect(on.count).toBe(memory.series(query('errors', 'checkout', 'on')).count);
    });

    it('loads only the window, and one flag or one metric when asked', async () => {
      await merge(batchOf(latencies(0, 100), 3));
      const store = new KyselyMetricStore(database.db);
      const all = await store.load({ fromMinute: T0 / MINUTE, toMinute: T0 / MINUTE + 10 });
      const later = await store.load({ fromMinute: T0 / MINUTE + 1, toMinute: T0 / MINUTE + 10 });
      expect(later.series.length).toBeLessThan(all.series.length);
      const flag = await store.load({ fromMinute: 0, toMinute: 1e9, flag: 'checkout' });
      expect(new Set(flag.series.map((r) => r.flag))).toEqual(new Set(['checkout']));
      expect(new Set(flag.exposures.map((r) => r.flag))).toEqual(new Set(['checkout']));
      const metric = await store.load({ fromMinute: 0, toMinute: 1e9, metric: 'latency_ms' });
      expect(new Set(metric.series.map((r) => r.metric))).toEqual(new Set(['latency_ms']));
      expect(metric.exposures).toEqual([]);
    });

    describe('through the API', () => {
      let app: App;
      const clock = new FakeClock(T0 + 10 * MINUTE);

      beforeAll(async () => {
        app = createApp({ database, clock });
        await app.auth.ensureAdminToken(TOKEN);
        await app.fastify.ready();
      });
      afterAll(() => app.fastify.close());

      const post = (body: unknown) =>
        app.fastify.inject({
          method: 'POST',
          url: '/api/v1/metrics',
          headers: { authorization: `Bearer ${TOKEN}` },
          payload: body as object,
        });

      it('reads back p50/p95/p99, mean, count, rate and exposures as MemoryMetricStore does', async () => {
        const memory = new MemoryMetricStore();
        for (const batch of [batchOf(latencies(0, 300), 4), batchOf(latencies(300, 600), 9)]) {
          const reply = await post({ ...batch, sentAt: clock.now() });
          expect(reply.statusCode, reply.body).toBe(202);
          expect(reply.json()).toEqual({
            observations: 150,
            counters: 2,
            events: 1,
            exposures: 2,
            dropped: 0,
          });
          feedMemory(memory, batch);
        }
        const sql = await app.metrics.readings(WINDOW);
        expectSameReadings(sql, memory);
        const rate = (r: Readings) =>
          r.series(query('errors', 'checkout', 'on')).count /
          r.series(query('requests', 'checkout', 'on')).count;
        expect(rate(sql)).toBeCloseTo(rate(memory), 12);
      });

      it('writes nothing when one item of a batch is bad', async () => {
        const batch = batchOf(latencies(0, 50), 2);
        const bad = {
          ...batch,
          sentAt: clock.now(),
          counters: [
            ...(batch.counters ?? []),
            { metric: 'bad name!', count: 1, at: T0, cohorts: {} },
          ],
        };
        const reply = await post(bad);
        expect(reply.statusCode).toBe(400);
        expect(reply.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
        expect(reply.json<{ error: { message: string } }>().error.message).toContain('counters[');
        const stored = await new KyselyMetricStore(database.db).load({
          fromMinute: 0,
          toMinute: 1e9,
        });
        expect(stored).toEqual({ series: [], exposures: [], events: [] });
      });
    });
  });
}

/** Latency values i in [from, to): spread over minutes 0..4, ON for even i. */
function latencies(from: number, to: number): { value: number; minute: number; on: boolean }[] {
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return { value: 20 + ((i * 7919) % 480) + (i % 3) * 0.25, minute: i % 5, on: i % 2 === 0 };
  });
}

function batchOf(
  values: readonly { value: number; minute: number; on: boolean }[],
  errors: number,
): MetricsBatch {
  const cohorts = (on: boolean) =>
    ({ checkout: on ? 'on' : 'off', search: on ? 'off' : 'on' }) as const;
  const odd = values.filter((_, i) => i % 2 === 1);
  return {
    sentAt: T0 + 10 * MINUTE,
    observations: odd.map((v) => ({
      metric: 'latency_ms',
      value: v.value,
      at: T0 + v.minute * MINUTE + 1234,
      cohorts: cohorts(v.on),
    })),
    counters: [
      { metric: 'errors', count: errors, at: T0 + MINUTE, cohorts: cohorts(true) },
      { metric: 'requests', count: values.length, at: T0 + MINUTE, cohorts: cohorts(true) },
    ],
    events: [{ name: 'critical_alert', at: T0 + 2 * MINUTE, attributes: { severity: 'high' } }],
    exposures: [
      { flag: 'checkout', cohort: 'on', count: 40 + errors, at: T0 },
      { flag: 'checkout', cohort: 'off', count: 60, at: T0 + 3 * MINUTE },
    ],
  };
}

/** The batch fed to MemoryMetricStore by hand, as the simulator would record it. */
function feedMemory(memory: MemoryMetricStore, batch: MetricsBatch): void {
  for (const o of batch.observations ?? []) {
    memory.addValues({ metric: o.metric, flag: null, cohort: 'all' }, o.at, [o.value]);
    for (const [flag, cohort] of Object.entries(o.cohorts)) {
      memory.addValues({ metric: o.metric, flag, cohort }, o.at, [o.value]);
    }
  }
  for (const c of batch.counters ?? []) {
    memory.addCount({ metric: c.metric, flag: null, cohort: 'all' }, c.at, c.count);
    for (const [flag, cohort] of Object.entries(c.cohorts)) {
      memory.addCount({ metric: c.metric, flag, cohort }, c.at, c.count);
    }
  }
  for (const e of batch.events ?? []) {
    memory.addCount({ metric: e.name, flag: null, cohort: 'all' }, e.at, 1);
  }
  for (const e of batch.exposures ?? []) {
    const counts = e.cohort === 'on' ? { on: e.count, off: 0 } : { on: 0, off: e.count };
    memory.addExposures(e.flag, e.at, counts);
  }
}

function query(metric: string, flag: string | null, cohort: SeriesQuery['cohort']): SeriesQuery {
  return { metric, flag, cohort, ...WINDOW };
}

function expectSameReadings(sql: Readings, memory: Readings): void {
  const queries = [
    query('latency_ms', 'checkout', 'on'),
    query('latency_ms', 'checkout', 'off'),
    query('latency_ms', 'checkout', 'all'),
    query('latency_ms', 'search', 'on'),
    query('latency_ms', null, 'all'),
    { ...query('latency_ms', 'checkout', 'on'), from: T0 + MINUTE, to: T0 + 3 * MINUTE },
    query('errors', 'checkout', 'on'),
    query('requests', null, 'all'),
    query('critical_alert', null, 'all'),
  ];
  for (const q of queries) {
    const a = sql.series(q);
    const b = memory.series(q);
    const label = `${q.metric} ${q.flag ?? 'global'} ${q.cohort}`;
    expect(a.count, label).toBe(b.count);
    expect(a.sum, label).toBeCloseTo(b.sum, 6);
    expect(a.sumSquares, label).toBeCloseTo(b.sumSquares, 3);
    expect(a.min(), label).toBe(b.min());
    expect(a.max(), label).toBe(b.max());
    for (const p of [0.5, 0.95, 0.99]) {
      const x = a.quantile(p);
      const y = b.quantile(p);
      if (y === null) expect(x, label).toBeNull();
      else
        expect(Math.abs(x! - y) / y, `${label} p${p * 100}`).toBeLessThanOrEqual(SKETCH_ACCURACY);
    }
  }
  expect(sql.exposures({ flag: 'checkout', ...WINDOW })).toEqual(
    memory.exposures({ flag: 'checkout', ...WINDOW }),
  );
}
