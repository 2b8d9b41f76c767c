import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../engine/evaluate.js';
import { FeatureFlags } from '../feature-flags.js';
import type { FeatureFlagsOptions } from '../options.js';
import type { FlagsEvent } from './events.js';
import type { Scheduler } from './scheduler.js';
import {
  ControlPlane,
  deadUrl,
  until,
  wireFlag,
  type Mode,
  type WireFlag,
} from './testing/control-plane.js';

// Small delays so that the whole suite runs in a few seconds without real sleeps.
const FAST: FeatureFlagsOptions = {
  env: {},
  file: false,
  reconnect: { baseDelayMs: 5, maxDelayMs: 40 },
  heartbeatTimeoutMs: 250,
  pollIntervalMs: 50,
  readyTimeoutMs: 3000,
};

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function plane(flags: WireFlag[]): Promise<ControlPlane> {
  const controlPlane = await ControlPlane.start(flags);
  cleanup.push(() => controlPlane.close());
  return controlPlane;
}

function connect(url: string, options: FeatureFlagsOptions = {}) {
  const events: FlagsEvent[] = [];
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message), info: () => undefined };
  const flags = new FeatureFlags({ ...FAST, url, token: 'sdk-token', logger, ...options });
  flags.subscribe((event) => events.push(event));
  cleanup.push(() => flags.close());
  return { flags, events, warnings };
}

const revisions = (events: FlagsEvent[]) =>
  events.flatMap((event) => (event.type === 'change' ? [event.revision] : []));
const lastConnection = (events: FlagsEvent[]) =>
  events.flatMap((event) => (event.type === 'connection' ? [event.state] : [])).at(-1);
const connection = (state: string): unknown =>
  expect.objectContaining({ type: 'connection', state });
const ids = Array.from({ length: 300 }, (_, i) => `session-${i}`);

describe('remote mode', () => {
  it('loads the snapshot, resolves ready and serves remote values', async () => {
    const cp = await plane([wireFlag('on'), wireFlag('off', { enabled: false })]);
    const { flags, events } = connect(cp.url);
    expect(await flags.ready()).toEqual({ source: 'remote', revision: 1 });
    expect(flags.shouldUse('on', 's')).toBe(true);
    expect(flags.isEnabled('off')).toBe(false);
    expect(flags.getStatus('on')).toMatchObject({ enabled: true, source: 'remote' });
    expect(events).toContainEqual({
      type: 'change',
      keys: ['off', 'on'],
      origin: 'remote',
      revision: 1,
    });
    expect(events).toContainEqual({ type: 'connection', state: 'connected' });
    expect(cp.streamRequests()[0]).not.toHaveProperty('lastEventId');
  });

  it('applies a pushed change before any other code runs (listeners see it)', async () => {
    const cp = await plane([wireFlag('a', { percentage: 0 })]);
    const { flags } = connect(cp.url);
    await flags.ready();
    const seen: { keys: readonly string[]; on: boolean }[] = [];
    flags.subscribe((event) => {
      if (event.type === 'change') seen.push({ keys: event.keys, on: flags.shouldUse('a', 's') });
    });
    cp.change({ flags: [wireFlag('a', { percentage: 100 })] });
    await until(() => seen.length === 1, 'the change');
    expect(seen).toEqual([{ keys: ['a'], on: true }]);
  });

  it('resumes with Last-Event-ID after the server drops the stream, ignoring old revisions', async () => {
    const cp = await plane([wireFlag('a', { percentage: 0 })]);
    const { flags, events } = connect(cp.url);
    await flags.ready();
    cp.change({ flags: [wireFlag('a', { percentage: 10 })] });
    await until(() => flags.getRolloutPercentage('a') === 10, 'revision 2');

    const before = cp.streamRequests().length;
    cp.dropStreams();
    await until(() => cp.streamRequests().length > before && cp.streams.size === 1, 'a reconnect');
    expect(cp.streamRequests()[before]?.lastEventId).toBe('2');
    expect(events).toContainEqual(connection('stale'));

    const stale = { revision: 2, flags: [wireFlag('a', { percentage: 99 })], deleted: [] };
    cp.send(`event: change\ndata: ${JSON.stringify(stale)}\n\n`);
    cp.change({ flags: [wireFlag('a', { percentage: 20 })] });
    await until(() => flags.getRolloutPercentage('a') === 20, 'revision 3');
    expect(revisions(events)).toEqual([1, 2, 3]);
    expect(lastConnection(events)).toBe('connected');
  });

  it('starts from the cache file when the server is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ramp-remote-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const cacheFile = join(dir, 'flags.json');
    const cp = await plane([wireFlag('a'), wireFlag('b', { percentage: 0 })]);
    const first = connect(cp.url, { cacheFile });
    await first.flags.ready();
    await until(() => existsSync(cacheFile), 'the cache file');
    first.flags.close();
    await cp.close();

    const second = connect(cp.url, { cacheFile, env: { B_ENABLED: 'true' } });
    // Served at once, before any network answer.
    expect(second.flags.shouldUse('a', 's')).toBe(true);
    expect(second.flags.isEnabled('b')).toBe(false);
    expect(second.flags.getStatus('a').source).toBe('remote');
    const ready = await second.flags.ready();
    expect(ready).toMatchObject({ source: 'cache', revision: 1, error: expect.any(String) });
    expect(second.events).toContainEqual(connection('stale'));
  });

  it('serves local values while no remote config is known, then only lets them restrict', async () => {
    const env = { A_ENABLED: 'true' };
    const down = connect(await deadUrl(), { env, readyTimeoutMs: 50 });
    expect(down.flags.shouldUse('a', 's')).toBe(true);
    expect(await down.flags.ready()).toMatchObject({ source: 'local', revision: null });
    expect(down.events).toContainEqual(connection('error'));

    const cp = await plane([wireFlag('other')]);
    const up = connect(cp.url, { env });
    await up.flags.ready();
    // With a remote config, a flag the control plane does not have is off.
    expect(up.flags.isEnabled('a')).toBe(false);
    expect(up.flags.getStatus('a').source).toBe('remote');
  });

  it('lets local env values restrict remote ones, never raise them', async () => {
    const cp = await plane([
      wireFlag('five', { percentage: 50 }),
      wireFlag('zero', { percentage: 0 }),
      wireFlag('off', { enabled: false }),
    ]);
    const env = { FIVE_ROLLOUT_PERCENTAGE: '5', ZERO_ROLLOUT_PERCENTAGE: '100', OFF_ENABLED: 'on' };
    const { flags } = connect(cp.url, { env });
    await flags.ready();
    expect(flags.getStatus('five')).toMatchObject({ rolloutPercentage: 5, source: 'env' });
    expect(flags.getRolloutPercentage('zero')).toBe(0);
    expect(ids.some((id) => flags.shouldUse('zero', id))).toBe(false);
    expect(flags.isEnabled('off')).toBe(false);

    cp.change({ flags: [wireFlag('five', { percentage: 2 })] });
    await until(() => flags.getRolloutPercentage('five') === 2, 'the lower remote value');
    expect(flags.getStatus('five').source).toBe('remote');
  });

  it('turns every flag off on a remote kill-all, and back on when it is lifted', async () => {
    const cp = await plane([wireFlag('a'), wireFlag('b', { percentage: 50 })]);
    const { flags, events } = connect(cp.url);
    await flags.ready();
    const since = '2026-01-02T00:00:00.000Z';
    cp.change({ killAll: { active: true, reason: 'incident', since } });
    await until(() => !flags.isEnabled('a'), 'the kill switch');
    expect(flags.evaluate('a', 's').reason).toBe('KILLED');
    expect(ids.some((id) => flags.shouldUse('b', id))).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'change', keys: ['a', 'b'], revision: 2 });

    cp.change({ killAll: { active: false, reason: null, since: null } });
    await until(() => flags.shouldUse('a', 's'), 'the kill switch lifted');
  });

  it('drops a remotely deleted or archived flag', async () => {
    const cp = await plane([wireFlag('a'), wireFlag('b')]);
    const { flags } = connect(cp.url);
    await flags.ready();
    cp.change({ deleted: ['a'], flags: [wireFlag('b', { archived: true })] });
    await until(() => !flags.isEnabled('a') && !flags.isEnabled('b'), 'the deletions');
    expect(flags.evaluate('b', 's').reason).toBe('NOT_FOUND');
    expect(flags.getAllStatus()).toEqual({});
  });

  it('decides with the new seed after a remote bucketBy change', async () => {
    const cp = await plane([wireFlag('x', { percentage: 50 }), wireFlag('y', { percentage: 30 })]);
    const { flags, events } = connect(cp.url);
    await flags.ready();
    const before = ids.map((id) => flags.shouldUse('x', id)); // fills the position cache
    cp.change({
      flags: [
        wireFlag('x', { percentage: 50, bucketBy: 'group' }),
        wireFlag('y', { percentage: 30, bucketBy: 'group' }),
      ],
    });
    await until(() => revisions(events).includes(2), 'the change');
    const engine = (id: string) =>
      evaluate({ key: 'x', enabled: true, percentage: 50, bucketBy: 'group' }, id).enabled;
    const after = ids.map((id) => flags.shouldUse('x', id));
    expect(after).toEqual(ids.map(engine));
    expect(after).not.toEqual(before);
    // Nested in the same group: every session with y (30 %) also has x (50 %).
    expect(ids.every((id) => !flags.shouldUse('y', id) || flags.shouldUse('x', id))).toBe(true);
  });

  it('polls the snapshot with If-None-Match while the stream is down', async () => {
    const cp = await plane([wireFlag('a', { percentage: 10 })]);
    cp.streamDown = true;
    const { flags } = connect(cp.url);
    expect(await flags.ready()).toEqual({ source: 'remote', revision: 1 });
    await until(() => cp.requests.some((r) => r.status === 304 && r.ifNoneMatch === '"1"'));
    cp.change({ flags: [wireFlag('a', { percentage: 20 })] });
    await until(() => flags.getRolloutPercentage('a') === 20, 'the polled change');
  });

  it.each<[Mode, string | undefined]>([
    ['status500', undefined],
    ['hang', undefined],
    ['garbage', undefined],
    ['badJson', 'not JSON'],
    ['badPayload', 'snapshot.flags[1].percentage'],
  ])('keeps its last good config while the server is %s, and recovers', async (mode, warning) => {
    const cp = await plane([wireFlag('a')]);
    const { flags, events, warnings } = connect(cp.url);
    await flags.ready();
    cp.mode = mode;
    cp.dropStreams();
    await until(() => cp.streamRequests().length >= 3, 'reconnect attempts');
    expect(flags.shouldUse('a', 's')).toBe(true);
    expect(flags.getStatus('a').source).toBe('remote');
    expect(events).toContainEqual(connection('stale'));
    if (warning !== undefined) expect(warnings.join('\n')).toContain(warning);

    cp.mode = 'ok';
    cp.change({ flags: [wireFlag('a', { enabled: false })] });
    await until(() => !flags.isEnabled('a'), 'recovery');
    await until(() => lastConnection(events) === 'connected', 'the stream back');
  });

  it('close() ends every timer and connection, and settles ready()', async () => {
    const timers = new Set<unknown>();
    const scheduler: Scheduler = {
      setTimeout(callback, ms) {
        const handle = setTimeout(() => {
          timers.delete(handle);
          callback();
        }, ms);
        timers.add(handle);
        return handle;
      },
      clearTimeout(handle) {
        timers.delete(handle);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    };
    const before = process.getActiveResourcesInfo();
    const cp = await plane([wireFlag('a')]);
    const { flags } = connect(cp.url, { scheduler, pollIntervalMs: 10 });
    await flags.ready();
    cp.dropStreams(); // a reconnect timer and the poller are now pending
    await until(() => timers.size >= 2, 'pending timers');
    flags.close();
    expect(timers.size).toBe(0);
    await until(() => cp.streams.size === 0, 'the stream closed');
    await cp.close();
    const count = (resources: string[], kind: string) => resources.filter((r) => r === kind).length;
    await until(() => {
      const now = process.getActiveResourcesInfo();
      return ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'].every(
        (kind) => count(now, kind) <= count(before, kind),
      );
    }, 'no handle left');

    const pending = connect(await deadUrl(), { readyTimeoutMs: 60_000 });
    const ready = pending.flags.ready();
    pending.flags.close();
    expect(await ready).toMatchObject({ source: 'local' });
    expect(pending.flags.shouldUse('a', 's')).toBe(false);
  });
});
