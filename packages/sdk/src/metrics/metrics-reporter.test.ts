import { describe, expect, it, vi } from 'vitest';
import type { Scheduler } from '../remote/scheduler.js';
import { MetricsReporter, type ReporterSettings } from './metrics-reporter.js';

const T0 = Date.UTC(2026, 0, 1);

/** Timers that fire only when the test says so. */
class ManualScheduler implements Scheduler {
  #next = 0;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number): unknown {
    this.pending.set(++this.#next, { callback, ms });
    return this.#next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Fires the pending timers of `ms` (those set while firing wait for the next call). */
  fire(ms: number): void {
    for (const [id, timer] of [...this.pending]) {
      if (timer.ms !== ms) continue;
      this.pending.delete(id);
      timer.callback();
    }
  }
}

/** A control plane that answers each POST with the next status (202 when none is queued). */
function fakeServer() {
  const batches: Record<string, unknown>[] = [];
  const statuses: (number | 'down')[] = [];
  const fetch = vi.fn((_url: string | URL | Request, init?: RequestInit) => {
    const status = statuses.shift() ?? 202;
    if (status === 'down') return Promise.reject(new TypeError('fetch failed'));
    if (status === 202) batches.push(JSON.parse(init?.body as string) as Record<string, unknown>);
    const body = status === 202 ? '{}' : '{"error":{"code":"X","message":"nope"}}';
    return Promise.resolve(new Response(body, { status }));
  });
  return { batches, statuses, fetch: fetch as unknown as typeof globalThis.fetch, calls: fetch };
}

function reporter(overrides: Partial<ReporterSettings> = {}) {
  const server = fakeServer();
  const scheduler = new ManualScheduler();
  const warn = vi.fn();
  const settings: ReporterSettings = {
    url: 'http://ramp.test',
    token: 'sdk-token',
    fetch: server.fetch,
    scheduler,
    timeoutMs: 5000,
    flushMs: 10_000,
    bufferSize: 100,
    logger: { warn },
    now: () => T0,
    cohortsOf: (id) => ({ checkout: String(id).endsWith('1') ? 'on' : 'off' }),
    ...overrides,
  };
  return { reporter: new MetricsReporter(settings), server, scheduler, warn };
}

describe('MetricsReporter', () => {
  it('sends what was recorded, tagged with the cohorts, on flush and with the token', async () => {
    const { reporter: r, server } = reporter();
    r.track('latency_ms', 120, { sessionId: 's-1' });
    r.increment('errors', { sessionId: 's-2', by: 3 });
    r.event('critical_alert', { attributes: { source: 'pager', bad: {} } });
    r.expose('checkout', true);
    await r.flush();
    expect(server.calls).toHaveBeenCalledOnce();
    const [url, init] = server.calls.mock.calls[0]!;
    expect(url).toBe('http://ramp.test/api/v1/metrics');
    expect(init?.headers).toMatchObject({ authorization: 'Bearer sdk-token' });
    expect(server.batches[0]).toEqual({
      sentAt: T0,
      observations: [{ metric: 'latency_ms', value: 120, at: T0, cohorts: { checkout: 'on' } }],
      counters: [{ metric: 'errors', count: 3, at: T0, cohorts: { checkout: 'off' } }],
      events: [{ name: 'critical_alert', at: T0, cohorts: {}, attributes: { source: 'pager' } }],
      exposures: [{ flag: 'checkout', cohort: 'on', count: 1, at: T0 }],
      dropped: 0,
    });
    await r.flush();
    expect(server.calls).toHaveBeenCalledOnce();
  });

  it('flushes every flushMs on its own timer, and close() clears it after a last flush', async () => {
    const { reporter: r, server, scheduler } = reporter();
    r.start();
    r.track('latency_ms', 1, {});
    scheduler.fire(10_000);
    await vi.waitFor(() => expect(server.batches).toHaveLength(1));
    await vi.waitFor(() => expect(scheduler.pending.size).toBe(1)); // re-armed
    r.track('latency_ms', 2, {});
    await r.close();
    expect(server.batches).toHaveLength(2);
    expect(scheduler.pending.size).toBe(0);
  });

  it('keeps a failed batch for one retry, then drops it and reports the count', async () => {
    const { reporter: r, server, warn } = reporter();
    server.statuses.push('down', 503);
    r.track('latency_ms', 1, {});
    r.track('latency_ms', 2, {});
    await r.flush(); // fails: kept
    expect(warn).toHaveBeenCalledOnce();
    await r.flush(); // the retry fails: dropped, counted
    r.track('latency_ms', 3, {});
    await r.flush();
    expect(server.batches).toEqual([
      expect.objectContaining({
        observations: [expect.objectContaining({ value: 3 })],
        dropped: 2,
      }),
    ]);
  });

  it('delivers a kept batch on its retry', async () => {
    const { reporter: r, server } = reporter();
    server.statuses.push(500);
    r.track('latency_ms', 1, {});
    await r.flush();
    r.track('latency_ms', 2, {});
    await r.flush();
    expect(
      server.batches.map((b) => (b.observations as { value: number }[]).map((o) => o.value)),
    ).toEqual([[1], [2]]);
  });

  it('drops a refused batch at once (4xx), with one warning naming the reason', async () => {
    const { reporter: r, server, warn } = reporter();
    server.statuses.push(400);
    r.track('latency_ms', 1, {});
    await r.flush();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('HTTP 400: nope'));
    await r.flush();
    expect(server.batches).toEqual([expect.objectContaining({ dropped: 1, observations: [] })]);
  });

  it('sends at once when a batch is waiting, and counts what a full buffer drops', async () => {
    const { reporter: r, server } = reporter({ bufferSize: 6000 });
    for (let i = 0; i < 5000; i++) r.track('latency_ms', i, {});
    await vi.waitFor(() => expect(server.batches).toHaveLength(1));
    expect((server.batches[0]!.observations as unknown[]).length).toBe(5000);
    const small = reporter({ bufferSize: 2 });
    for (let i = 0; i < 5; i++) small.reporter.track('latency_ms', i, {});
    await small.reporter.flush();
    expect(small.server.batches[0]).toMatchObject({ dropped: 3 });
  });

  it('ignores bad names and values with one warning each, and never throws', async () => {
    const { reporter: r, server, warn } = reporter();
    for (let i = 0; i < 3; i++) {
      r.track('bad name', 1, {});
      r.track('latency_ms', Number.NaN, {});
      r.track('latency_ms', 1e16, {});
      r.increment('errors', { by: 0.5 });
      r.event(42, {});
    }
    expect(() => r.track('latency_ms', 1, { sessionId: Symbol('s') })).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(4); // one per name and problem
    await r.flush();
    expect(server.batches[0]).toMatchObject({ observations: [{ value: 1 }] });
  });
});
