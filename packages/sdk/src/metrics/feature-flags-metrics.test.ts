import { describe, expect, it, vi } from 'vitest';
import { FeatureFlags } from '../feature-flags.js';
import { RampProvider } from '../openfeature/ramp-provider.js';
import type { FeatureFlagsOptions } from '../options.js';
import type { Scheduler } from '../remote/scheduler.js';

const T0 = Date.UTC(2026, 0, 1);
const quiet = { warn: () => undefined };
/** Timers that never fire: the tests flush by hand. */
const frozen: Scheduler = { setTimeout: () => 0, clearTimeout: () => undefined };

interface WireBatch {
  observations: { metric: string; value: number; cohorts: Record<string, string> }[];
  counters: { metric: string; count: number; cohorts: Record<string, string> }[];
  events: { name: string; cohorts: Record<string, string> }[];
  exposures: { flag: string; cohort: string; count: number }[];
  dropped: number;
}

/**
 * A control plane in a fetch function: the stream sends one snapshot and ends (the reconnect
 * waits on a frozen timer); metric batches are kept.
 */
function controlPlane(flags: { key: string; percentage: number; requires?: string[] }[]) {
  const batches: WireBatch[] = [];
  const snapshot = {
    revision: 1,
    killAll: { active: false, reason: null, since: null },
    flags: flags.map((f) => ({ enabled: true, bucketBy: null, requires: [], ...f })),
  };
  const fetch = (url: string, init?: RequestInit): Promise<Response> => {
    const path = new URL(url).pathname;
    if (path === '/api/v1/stream') {
      const body = `event: snapshot\nid: 1\ndata: ${JSON.stringify(snapshot)}\n\n`;
      return Promise.resolve(
        new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
      );
    }
    if (path === '/api/v1/metrics' && init?.method === 'POST') {
      batches.push(JSON.parse(init.body as string) as WireBatch);
      return Promise.resolve(new Response('{}', { status: 202 }));
    }
    return Promise.resolve(new Response('{}', { status: 404 }));
  };
  return { batches, fetch: fetch as unknown as typeof globalThis.fetch };
}

async function remoteFlags(
  flags: Parameters<typeof controlPlane>[0],
  options: FeatureFlagsOptions = {},
) {
  const plane = controlPlane(flags);
  const ff = new FeatureFlags({
    ...{ url: 'http://ramp.test', token: 'sdk-token', file: false, env: {}, logger: quiet },
    ...{ fetch: plane.fetch, scheduler: frozen, now: () => T0 },
    ...options,
  });
  expect((await ff.ready()).source).toBe('remote');
  return { flags: ff, batches: plane.batches };
}

const ROLLOUT = [
  { key: 'checkout', percentage: 30 },
  { key: 'search', percentage: 50.5 },
  { key: 'child', percentage: 60, requires: ['checkout'] },
  { key: 'full', percentage: 100 },
  { key: 'dark', percentage: 0 },
];

describe('FeatureFlags metrics (remote mode)', () => {
  it('tags every metric with the cohort shouldUse gives the session, for each active flag', async () => {
    const { flags, batches } = await remoteFlags(ROLLOUT);
    const sessions = Array.from({ length: 300 }, (_, i) => `user-${i}`);
    for (const sessionId of sessions) flags.track('latency_ms', 10, { sessionId });
    await flags.flush();
    const observations = batches.flatMap((b) => b.observations);
    expect(observations).toHaveLength(sessions.length);
    observations.forEach((o, i) => {
      const sessionId = sessions[i];
      const expected: Record<string, string> = {};
      for (const key of ['checkout', 'search', 'child']) {
        expected[key] = flags.shouldUse(key, sessionId) ? 'on' : 'off';
      }
      expect(o.cohorts).toEqual(expected);
    });
    const share = observations.filter((o) => o.cohorts.checkout === 'on').length / 300;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    flags.close();
  });

  it('counts exposures per flag and cohort for shouldUse of active flags only', async () => {
    const { flags, batches } = await remoteFlags(ROLLOUT);
    let on = 0;
    for (let i = 0; i < 200; i++) {
      if (flags.shouldUse('checkout', `s-${i}`)) on++;
      flags.shouldUse('full', `s-${i}`);
      flags.shouldUse('dark', `s-${i}`);
    }
    await flags.flush();
    expect(batches[0]?.exposures).toEqual([
      { flag: 'checkout', cohort: 'on', count: on, at: T0 },
      { flag: 'checkout', cohort: 'off', count: 200 - on, at: T0 },
    ]);
    flags.close();
  });

  it('records counters and events; without a session only the global series gets them', async () => {
    const { flags, batches } = await remoteFlags(ROLLOUT);
    flags.increment('errors', { sessionId: 'user-1', by: 2 });
    flags.increment('errors');
    flags.event('critical_alert', { attributes: { source: 'pager' } });
    await flags.flush();
    expect(batches[0]?.counters.map((c) => [c.count, Object.keys(c.cohorts).length])).toEqual([
      [2, 3],
      [1, 0],
    ]);
    expect(batches[0]?.events).toMatchObject([{ name: 'critical_alert', cohorts: {} }]);
    flags.close();
  });

  it('sends what is left on close(), and nothing afterwards', async () => {
    const { flags, batches } = await remoteFlags(ROLLOUT);
    flags.track('latency_ms', 5, { sessionId: 'a' });
    flags.close();
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    flags.track('latency_ms', 6, { sessionId: 'a' });
    await flags.flush();
    expect(batches).toHaveLength(1);
  });
});

describe('OpenFeature client.track without onTrack', () => {
  it('goes to flags.track for values and flags.increment otherwise, tagged with cohorts', async () => {
    const { flags, batches } = await remoteFlags(ROLLOUT);
    const provider = new RampProvider(flags, { logger: quiet });
    provider.track('latency_ms', { targetingKey: 'user-7' }, { value: 12 });
    provider.track('checkout_clicked', { targetingKey: 'user-7' }, {});
    await flags.flush();
    const checkout = flags.shouldUse('checkout', 'user-7') ? 'on' : 'off';
    expect(batches[0]?.observations).toMatchObject([
      { metric: 'latency_ms', value: 12, cohorts: { checkout } },
    ]);
    expect(batches[0]?.counters).toMatchObject([
      { metric: 'checkout_clicked', count: 1, cohorts: { checkout } },
    ]);
    flags.close();
  });
});

describe('FeatureFlags metrics (local mode)', () => {
  it('records nothing, and flush resolves at once', async () => {
    const fetch = vi.fn();
    const flags = new FeatureFlags({
      file: false,
      env: {},
      flags: { a: { enabled: true, percentage: 50 } },
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    flags.track('latency_ms', 1, { sessionId: 's' });
    flags.increment('errors', { sessionId: 's' });
    flags.event('critical_alert');
    flags.shouldUse('a', 's');
    await flags.flush();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses bad metric options at once, naming them', () => {
    expect(() => new FeatureFlags({ metricsFlushMs: 0 })).toThrow('"metricsFlushMs"');
    expect(() => new FeatureFlags({ metricsBufferSize: 1.5 })).toThrow('"metricsBufferSize"');
  });
});
