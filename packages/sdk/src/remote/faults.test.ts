import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../engine/evaluate.js';
import { FeatureFlags } from '../feature-flags.js';
import type { FlagStatus } from '../flag-state.js';
import type { FeatureFlagsOptions } from '../options.js';
import type { FlagsEvent } from './events.js';
import {
  ControlPlane,
  sseFrame,
  until,
  wireFlag,
  type Failure,
  type WireFlag,
} from './testing/control-plane.js';

// A real SDK in remote mode against a real HTTP server that misbehaves: it must keep serving
// its last good configuration during every fault, never crash, and converge on the server's
// new configuration once the server is healthy again.

const HEARTBEAT_TIMEOUT_MS = 300;
const FAST: FeatureFlagsOptions = {
  env: {},
  file: false,
  reconnect: { baseDelayMs: 5, maxDelayMs: 50 },
  heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
  pollIntervalMs: 50,
  readyTimeoutMs: 3000,
  metricsFlushMs: 60_000,
};
/** Healthy again, the SDK must serve the new config within this long. */
const CONVERGE_MS = 2000;

interface FlagValues {
  enabled: boolean;
  percentage: number;
}
type Config = Record<'memory_system' | 'search_v2', FlagValues>;
const GOOD: Config = {
  memory_system: { enabled: true, percentage: 30 },
  search_v2: { enabled: true, percentage: 100 },
};
const NEW: Config = {
  memory_system: { enabled: true, percentage: 75 },
  search_v2: { enabled: false, percentage: 100 },
};
const wire = (config: Config, extra: Record<string, unknown> = {}): WireFlag[] =>
  Object.entries(config).map(([key, values]) => wireFlag(key, { ...values, ...extra }));

const ids = Array.from({ length: 200 }, (_, i) => `session-${i}`);

/** What a user of the SDK sees for each flag of a config. */
function served(flags: FeatureFlags, config: Config) {
  return Object.keys(config).map((key) => ({
    key,
    isEnabled: flags.isEnabled(key),
    status: flags.getStatus(key),
    sessions: ids.map((id) => flags.shouldUse(key, id)),
  }));
}

/** What the SDK must serve for a config the control plane sent. */
function expected(config: Config) {
  return Object.entries(config).map(([key, { enabled, percentage }]) => {
    const on = enabled && percentage > 0;
    const status: FlagStatus = {
      enabled: on,
      rolloutPercentage: on ? percentage : 0,
      rollbackHistory: [],
      source: 'remote',
    };
    const sessions = ids.map((id) => on && evaluate({ key, enabled, percentage }, id).enabled);
    return { key, isEnabled: on, status, sessions };
  });
}

// Any unhandled rejection or uncaught exception during a scenario fails it.
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
beforeAll(() => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
});
afterAll(() => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
});

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  crashes.length = 0;
});

/** A control plane serving GOOD at `revision`, and an SDK that has loaded it. */
async function healthyStart(options: FeatureFlagsOptions = {}, revision = 1) {
  const cp = await ControlPlane.start(wire(GOOD));
  cp.revision = revision;
  cleanup.push(() => cp.close());
  const events: FlagsEvent[] = [];
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message), info: () => undefined };
  const flags = new FeatureFlags({ ...FAST, url: cp.url, token: cp.token, logger, ...options });
  flags.subscribe((event) => events.push(event));
  cleanup.push(() => flags.close());
  expect(await flags.ready()).toEqual({ source: 'remote', revision });
  expect(served(flags, GOOD)).toEqual(expected(GOOD));
  return { cp, flags, events, warnings };
}

/**
 * Checks, every few milliseconds, that the SDK still serves `config`, until the faulty server
 * has seen `rounds` more requests (on `path`, when given): every retry met the fault.
 */
async function keepsServing(
  cp: ControlPlane,
  flags: FeatureFlags,
  { config = GOOD, rounds = 3, path }: { config?: Config; rounds?: number; path?: string } = {},
): Promise<void> {
  const count = () => cp.requests.filter((r) => path === undefined || r.path === path).length;
  for (let round = 1; round <= rounds; round++) {
    const seen = count();
    await until(() => {
      expect(served(flags, config)).toEqual(expected(config));
      return count() > seen;
    }, `request ${round} of the fault window`);
  }
}

/** The server is healthy again with NEW: the SDK serves it within CONVERGE_MS. */
async function convergesToNew(cp: ControlPlane, flags: FeatureFlags, events: FlagsEvent[]) {
  cp.change({ flags: wire(NEW, { description: 'déploiement — ünïcode' }) });
  const want = expected(NEW);
  await until(() => isDeepStrictEqual(served(flags, NEW), want), 'the new config', CONVERGE_MS);
  expect(served(flags, NEW)).toEqual(want);
  expect(await flags.ready()).toEqual({ source: 'remote', revision: cp.revision });
  await until(() => connectionStates(events).at(-1) === 'connected', 'the stream back');
  expect(crashes).toEqual([]);
}

const connectionStates = (events: FlagsEvent[]) =>
  events.flatMap((event) => (event.type === 'connection' ? [event.state] : []));
const connectionErrors = (events: FlagsEvent[]) =>
  events.flatMap((event) => (event.type === 'connection' && event.error ? [event.error] : []));
const changeRevisions = (events: FlagsEvent[]) =>
  events.flatMap((event) => (event.type === 'change' ? [event.revision] : []));

describe('remote mode: a server that hangs', () => {
  it.each<[string, 'hang' | 'stall']>([
    ['never answers', 'hang'],
    ['sends the headers and a few bytes, then nothing', 'stall'],
  ])('%s: gives up on each request, keeps its config, and recovers', async (_, mode) => {
    const { cp, flags, events } = await healthyStart();
    const opened = cp.streamRequests().length;
    cp.mode = mode;
    cp.dropStreams();
    // Two more stream requests: the SDK abandoned a hung one after the timeout and retried.
    await keepsServing(cp, flags, { rounds: 2, path: '/api/v1/stream' });
    await keepsServing(cp, flags, { rounds: 2, path: '/api/v1/snapshot' });
    expect(cp.streamRequests().length - opened).toBeGreaterThanOrEqual(2);
    expect(cp.held).toBeGreaterThanOrEqual(4);
    expect(connectionStates(events)).toContain('stale');

    cp.mode = 'ok';
    await convergesToNew(cp, flags, events);
    await until(() => cp.hanging.size === 0, 'every hung request closed by the SDK');
  });

  it('bounds each snapshot request: polling goes on once the snapshot answers again', async () => {
    const { cp, flags, events } = await healthyStart();
    cp.streamDown = true; // only polling can bring the new config
    cp.snapshotHangs = true;
    cp.dropStreams();
    await keepsServing(cp, flags, { rounds: 2, path: '/api/v1/snapshot' });
    expect(cp.held).toBeGreaterThanOrEqual(2);

    cp.snapshotHangs = false;
    cp.change({ flags: wire(NEW) });
    const want = expected(NEW);
    await until(
      () => isDeepStrictEqual(served(flags, NEW), want),
      'the polled config',
      CONVERGE_MS,
    );
    expect(connectionStates(events).at(-1)).toBe('stale');
    await until(() => cp.hanging.size === 0, 'every hung poll closed by the SDK');
    expect(crashes).toEqual([]);
  });

  it('notices a stream that goes silent mid-life (no heartbeat) and reconnects', async () => {
    const { cp, flags, events } = await healthyStart();
    const opened = cp.streamRequests().length;
    const silentAt = Date.now();
    cp.silent = true;
    await until(() => connectionErrors(events).length > 0, 'the SDK to notice', 2000);
    expect(Date.now() - silentAt).toBeLessThan(HEARTBEAT_TIMEOUT_MS + 500);
    await keepsServing(cp, flags, { rounds: 3, path: '/api/v1/stream' });
    const noData = `no data for ${HEARTBEAT_TIMEOUT_MS} ms`;
    expect(new Set(connectionErrors(events))).toEqual(new Set([noData]));
    const resumed = cp.streamRequests().slice(opened);
    expect(resumed.every((r) => r.lastEventId === '1')).toBe(true);

    cp.silent = false;
    await convergesToNew(cp, flags, events);
  });
});

describe('remote mode: a server that answers errors', () => {
  const html = (title: string) => `<!doctype html><html><body><h1>${title}</h1></body></html>`;
  it.each<[string, Failure]>([
    ['500', { status: 500, contentType: 'application/json', body: '{"error":{"code":"x"}}' }],
    ['502 with HTML', { status: 502, contentType: 'text/html', body: html('Bad Gateway') }],
    ['503 with HTML', { status: 503, contentType: 'text/html', body: html('Unavailable') }],
    ['200 with an HTML login page', { status: 200, contentType: 'text/html', body: html('Login') }],
  ])('%s to everything: keeps its config, then recovers', async (_, failure) => {
    const { cp, flags, events, warnings } = await healthyStart();
    cp.failure = failure;
    cp.dropStreams();
    await keepsServing(cp, flags, { rounds: 3, path: '/api/v1/snapshot' });
    const failed = cp.requests.filter((r) => r.status === failure.status);
    expect(new Set(failed.map((r) => r.path))).toEqual(
      new Set(['/api/v1/stream', '/api/v1/snapshot']),
    );
    expect(connectionStates(events)).toContain('stale');
    expect(warnings.join('\n')).toContain('serving the last known config (revision 1)');

    cp.failure = undefined;
    await convergesToNew(cp, flags, events);
  });
});

describe('remote mode: a malformed stream', () => {
  const change = (data: unknown) => `event: change\ndata: ${JSON.stringify(data)}\n\n`;
  const off = [wireFlag('memory_system', { enabled: false }), wireFlag('search_v2')];
  const killAll = { active: false, reason: null, since: null };
  // After each fault, an event the SDK rejects: its reconnection proves the fault was read.
  const SENTINEL = 'event: change\ndata: sentinel\n\n';
  const faults: [string, string | Uint8Array, string?][] = [
    [
      'garbage lines',
      '\u0000\uFFFD junk\r\nno colon\n: comment\nretry: soon\nid: 1\u0000\nx: y\n\n',
    ],
    ['invalid UTF-8', Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a])],
    [
      'a message without an event name',
      `data: ${JSON.stringify({ revision: 99, flags: off })}\n\n`,
    ],
    ['data that is not JSON', 'event: change\ndata: {"revision": 99, "fl\n\n', 'not JSON'],
    ['JSON null', 'event: change\ndata: null\n\n', 'change: expected an object'],
    [
      'one invalid flag among valid ones',
      change({ revision: 99, flags: [...off, { key: 'x', enabled: 'yes', percentage: 1 }] }),
      'change.flags[2].enabled',
    ],
    [
      'a percentage out of range',
      change({ revision: 99, flags: [wireFlag('memory_system', { percentage: 150 })] }),
      'change.flags[0].percentage',
    ],
    ['a fractional revision', change({ revision: 8.5, flags: off }), 'change.revision'],
    ['a revision as text', change({ revision: '99', flags: off }), 'change.revision'],
    [
      'a snapshot of the wrong shape',
      sseFrame(
        'snapshot',
        99,
        JSON.stringify({ revision: 99, killAll: { active: 'y' }, flags: [] }),
      ),
      'snapshot.killAll.active',
    ],
    [
      'a change older than the config',
      sseFrame('change', 3, JSON.stringify({ revision: 3, flags: off })),
    ],
    ['a change at the same revision', change({ revision: 7, flags: off })],
    [
      'a snapshot at the same revision',
      sseFrame('snapshot', 7, JSON.stringify({ revision: 7, killAll, flags: off })),
    ],
    [
      'an older snapshot',
      sseFrame(
        'snapshot',
        2,
        JSON.stringify({ revision: 2, killAll: { active: true }, flags: off }),
      ),
    ],
    [
      'an unknown event name',
      `event: chnage\ndata: ${JSON.stringify({ revision: 99, flags: off })}\n\n`,
    ],
    [
      'an event name in capitals',
      `event: CHANGE\ndata: ${JSON.stringify({ revision: 99, flags: off })}\n\n`,
    ],
    ['a huge retry', 'retry: 99999999999999999999\n\n'],
    ['a huge line', `event: change\ndata: ${'x'.repeat(17 * 1024 * 1024)}`, 'exceeds'],
  ];

  it('ignores every bad event, keeps its config and revision, never crashes, then recovers', async () => {
    // A long watchdog: every reconnection here must come from the fault itself, even on a busy machine.
    const { cp, flags, events, warnings } = await healthyStart({ heartbeatTimeoutMs: 5000 }, 7);
    for (const [what, bytes, warning] of faults) {
      const before = cp.streamRequests().length;
      cp.send(bytes);
      cp.send(SENTINEL);
      await until(
        () => cp.streamRequests().length > before && cp.streams.size === 1,
        `a reconnection after ${what}`,
        10_000, // a 17 MB line takes a while on a busy machine
      );
      expect(served(flags, GOOD), what).toEqual(expected(GOOD));
      expect(await flags.ready(), what).toEqual({ source: 'remote', revision: 7 });
      const all = [...warnings, ...connectionErrors(events)].join('\n');
      if (warning !== undefined) expect(all, what).toContain(warning);
    }
    // Every reconnection resumed after the last good revision.
    expect(
      cp
        .streamRequests()
        .slice(1)
        .every((r) => r.lastEventId === '7'),
    ).toBe(true);
    expect(changeRevisions(events)).toEqual([7]);

    await convergesToNew(cp, flags, events);
    expect(changeRevisions(events)).toEqual([7, 8]);
  });
});

describe('remote mode: a connection dropped in the middle of an event', () => {
  const inCharacter = (frame: Buffer) => frame.indexOf('—') + 1;
  const beforeBlankLine = (frame: Buffer) => frame.length - 1;
  it.each<[string, (frame: Buffer) => number, 'end' | 'destroy']>([
    ['inside a multi-byte character of the JSON, connection reset', inCharacter, 'destroy'],
    ['after the data line, connection reset', beforeBlankLine, 'destroy'],
    ['after the data line, response ended', beforeBlankLine, 'end'],
  ])(
    'cut %s: the half event is not applied; the SDK resumes and gets it whole',
    async (_, cutAt, how) => {
      // No polling: only the stream may deliver the change.
      const { cp, flags, events } = await healthyStart({ pollIntervalMs: 60_000 });
      const opened = cp.streamRequests().length;
      cp.failure = { status: 503, contentType: 'text/html', body: '<h1>down</h1>' };
      const change = { flags: wire(NEW, { description: 'déploiement — ünïcode' }) };
      await cp.cutChange(change, cutAt, how);
      await keepsServing(cp, flags, { rounds: 3 });
      const retries = () => cp.streamRequests().slice(opened);
      expect(retries().every((r) => r.lastEventId === '1')).toBe(true);

      cp.failure = undefined;
      const want = expected(NEW);
      await until(() => isDeepStrictEqual(served(flags, NEW), want), 'the change', CONVERGE_MS);
      // The reconnection that succeeded still resumed after revision 1: nothing of 2 was applied.
      expect(retries().find((r) => r.status === 200)?.lastEventId).toBe('1');
      expect(changeRevisions(events)).toEqual([1, 2]);
      const stale = events.findIndex((e) => e.type === 'connection' && e.state === 'stale');
      const applied = events.findIndex((e) => e.type === 'change' && e.revision === 2);
      expect(stale).toBeGreaterThan(-1);
      expect(applied).toBeGreaterThan(stale);
      expect(crashes).toEqual([]);
    },
  );
});

describe('remote mode: a malformed snapshot', () => {
  const snapshot = (data: unknown) => JSON.stringify(data);
  const offFlags = [wireFlag('memory_system', { enabled: false }), wireFlag('search_v2')];
  const killAll = { active: false, reason: null, since: null };
  const bodies: [string, string][] = [
    ['truncated JSON', snapshot({ revision: 9, killAll, flags: offFlags }).slice(0, 60)],
    ['an empty body', ''],
    ['HTML', '<html><body>maintenance</body></html>'],
    ['null', 'null'],
    ['an array', '[]'],
    ['no killAll', snapshot({ revision: 9, flags: offFlags })],
    ['an invalid flag', snapshot({ revision: 9, killAll, flags: [...offFlags, { key: 'x' }] })],
    ['a negative revision', snapshot({ revision: -1, killAll, flags: offFlags })],
    ['a duplicate key', snapshot({ revision: 9, killAll, flags: [...offFlags, offFlags[0]] })],
    ['an older revision', snapshot({ revision: 3, killAll, flags: [] })],
    ['the same revision', snapshot({ revision: 7, killAll, flags: [] })],
  ];

  it('ignores each one while polling, keeps its config, then recovers', async () => {
    const { cp, flags, events, warnings } = await healthyStart({}, 7);
    cp.streamDown = true; // the SDK polls the snapshot while the stream is down
    cp.dropStreams();
    for (const [what, body] of bodies) {
      cp.snapshotBody = body;
      await keepsServing(cp, flags, { rounds: 2, path: '/api/v1/snapshot' });
      expect(await flags.ready(), what).toEqual({ source: 'remote', revision: 7 });
    }
    const ignored = warnings.filter((w) => w.startsWith('ignored a malformed snapshot'));
    expect(ignored.join('\n')).toContain('snapshot.killAll: expected an object');
    expect(ignored.join('\n')).toContain('snapshot.flags[2].enabled');

    cp.snapshotBody = undefined;
    cp.streamDown = false;
    await convergesToNew(cp, flags, events);
  });
});
