import type { ChangeEvent, Flag, Snapshot } from '@ramp/api';
import { describe, expect, it, vi } from 'vitest';
import { openFeed, type FeedStatus } from './sse.js';

const killAll = { active: false, reason: null, since: null };
const snapshot: Snapshot = { revision: 3, killAll, flags: [] };
const change: ChangeEvent = { revision: 4, flags: [{ key: 'a' } as Flag], deleted: [] };

/** A fetch whose every call answers with the next body (SSE text), then ends the stream. */
function fakeFetch(bodies: (string | number)[]) {
  const calls: Headers[] = [];
  const fetch = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Headers(init?.headers));
    const body = bodies.shift() ?? 503;
    if (typeof body === 'number') return Promise.resolve(new Response(null, { status: body }));
    return Promise.resolve(
      new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    );
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const frame = (event: string, id: number, data: unknown) =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('openFeed', () => {
  it('sends the token, reads events, and resumes from the last id after a drop', async () => {
    const { fetch, calls } = fakeFetch([
      frame('snapshot', 3, snapshot) + ': ping\n\n',
      frame('change', 4, change),
      401,
    ]);
    const snapshots: Snapshot[] = [];
    const changes: ChangeEvent[] = [];
    const statuses: FeedStatus['kind'][] = [];
    const feed = openFeed({
      token: 'ramp_x',
      fetch,
      baseDelayMs: 0,
      handlers: {
        onSnapshot: (s) => snapshots.push(s),
        onChange: (c) => changes.push(c),
        onStatus: (s) => statuses.push(s.kind),
      },
    });
    await vi.waitFor(() => expect(statuses.at(-1)).toBe('unauthorized'));
    feed.close();

    expect(snapshots).toEqual([snapshot]);
    expect(changes).toEqual([change]);
    expect(calls.map((h) => h.get('authorization'))).toEqual([
      'Bearer ramp_x',
      'Bearer ramp_x',
      'Bearer ramp_x',
    ]);
    expect(calls.map((h) => h.get('last-event-id'))).toEqual([null, '3', '4']);
    expect(statuses).toEqual([
      'connecting',
      'live',
      'reconnecting',
      'live',
      'reconnecting',
      'unauthorized',
    ]);
  });

  it('keeps retrying while the server fails, saying why', async () => {
    const { fetch, calls } = fakeFetch([500, 500]);
    const statuses: FeedStatus[] = [];
    const feed = openFeed({
      token: 't',
      fetch,
      baseDelayMs: 0,
      handlers: { onSnapshot: () => {}, onChange: () => {}, onStatus: (s) => statuses.push(s) },
    });
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(3));
    feed.close();
    expect(statuses[0]).toEqual({ kind: 'connecting' });
    expect(statuses[1]).toEqual({ kind: 'reconnecting', attempt: 1, error: 'stream: 500' });
    expect(statuses[2]).toMatchObject({ kind: 'reconnecting', attempt: 2 });
  });
});
