import type { ChangeEvent, Snapshot } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, openSse, type SseReader } from '../testing/sse-reader.js';
import { startTestServer, type TestServer } from '../testing/server.js';

let t: TestServer;
const open: SseReader[] = [];

beforeAll(async () => {
  t = await startTestServer({ heartbeatMs: 50 });
});
afterAll(async () => {
  for (const reader of open) reader.close();
  await t.close();
});

async function stream(headers: Record<string, string> = {}, query = ''): Promise<SseReader> {
  const reader = await openSse(`${t.url}/api/v1/stream${query}`, {
    authorization: `Bearer ${t.adminToken}`,
    ...headers,
  });
  open.push(reader);
  return reader;
}

describe('GET /api/v1/stream', () => {
  it('starts with a snapshot whose id is the revision', async () => {
    await t.admin.createFlag({ key: 'streamed', enabled: true, percentage: 5 });
    const reader = await stream();
    expect(reader.status).toBe(200);
    expect(reader.contentType).toMatch(/^text\/event-stream/);
    const first = await reader.next();
    expect(first.event).toBe('snapshot');
    const snapshot = JSON.parse(first.data!) as Snapshot;
    expect(first.id).toBe(String(snapshot.revision));
    expect(snapshot.flags.map((f) => f.key)).toContain('streamed');
    reader.close();
  });

  it('ends the open streams of a token when it is revoked, and refuses it after', async () => {
    const created = await t.admin.createToken({ name: 'short-lived-sdk', scope: 'sdk' });
    const mine = await stream({ authorization: `Bearer ${created.token}` });
    const other = await stream();
    await mine.next(isEvent('snapshot'));
    await other.next(isEvent('snapshot'));
    await t.admin.revokeToken(created.info.id);
    await expect(mine.next(isEvent('change'), 2_000)).rejects.toThrow('stream ended');
    const again = await fetch(`${t.url}/api/v1/stream`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(again.status).toBe(401);
    // Streams of other tokens go on.
    await t.admin.createFlag({ key: 'after-revoke' });
    expect((await other.next(isEvent('change'))).event).toBe('change');
    other.close();
  });

  it('pushes a change made through the API with the next revision as its id', async () => {
    const reader = await stream();
    const snapshot = JSON.parse((await reader.next(isEvent('snapshot'))).data!) as Snapshot;
    const flag = await t.admin.updateFlag('streamed', { percentage: 15, version: 1 });
    const change = await reader.next(isEvent('change'));
    expect(change.id).toBe(String(snapshot.revision + 1));
    const event = JSON.parse(change.data!) as ChangeEvent;
    expect(event).toEqual({ revision: snapshot.revision + 1, flags: [flag], deleted: [] });

    await t.admin.archiveFlag('streamed');
    const archived = JSON.parse((await reader.next(isEvent('change'))).data!) as ChangeEvent;
    expect(archived).toMatchObject({ flags: [], deleted: ['streamed'] });

    await t.admin.killAll('drill');
    const killed = JSON.parse((await reader.next(isEvent('change'))).data!) as ChangeEvent;
    expect(killed.killAll).toMatchObject({ active: true, reason: 'drill' });
    await t.admin.undoKillAll('drill over');
    await reader.next(isEvent('change'));
    reader.close();
  });

  it('replays what a reconnecting client missed after Last-Event-ID, without a snapshot', async () => {
    const first = await stream();
    const seen = Number((await first.next(isEvent('snapshot'))).id);
    first.close();
    await t.admin.createFlag({ key: 'missed-1' });
    await t.admin.createFlag({ key: 'missed-2' });

    const again = await stream({ 'last-event-id': String(seen) });
    const replayed = [await again.next(), await again.next()];
    expect(replayed.map((m) => [m.event, m.id])).toEqual([
      ['change', String(seen + 1)],
      ['change', String(seen + 2)],
    ]);
    expect(replayed.map((m) => (JSON.parse(m.data!) as ChangeEvent).flags[0]?.key)).toEqual([
      'missed-1',
      'missed-2',
    ]);
    // And it is live from there on.
    await t.admin.createFlag({ key: 'live' });
    expect((await again.next(isEvent('change'))).id).toBe(String(seen + 3));
    again.close();
  });

  it('sends a snapshot when Last-Event-ID cannot be replayed', async () => {
    const reader = await stream({ 'last-event-id': '999999' });
    expect((await reader.next()).event).toBe('snapshot');
    reader.close();
  });

  it('sends heartbeats as comments', async () => {
    const reader = await stream();
    expect((await reader.next((m) => m.comment !== undefined)).comment).toBe('ping');
    reader.close();
  });

  it('accepts ?token= for browsers (EventSource cannot set headers)', async () => {
    const reader = await openSse(
      `${t.url}/api/v1/stream?token=${encodeURIComponent(t.adminToken)}`,
    );
    open.push(reader);
    expect(reader.status).toBe(200);
    expect((await reader.next()).event).toBe('snapshot');
    reader.close();
    const refused = await openSse(
      `${t.url}/api/v1/snapshot?token=${encodeURIComponent(t.adminToken)}`,
    );
    expect(refused.status).toBe(401);
    refused.close();
  });

  it('delivers one change to many clients', async () => {
    const readers = await Promise.all(Array.from({ length: 100 }, () => stream()));
    await Promise.all(readers.map((r) => r.next(isEvent('snapshot'))));
    await t.admin.createFlag({ key: 'fan-out' });
    const ids = await Promise.all(readers.map(async (r) => (await r.next(isEvent('change'))).id));
    expect(new Set(ids).size).toBe(1);
    for (const r of readers) r.close();
  });
});

describe('GET /api/v1/snapshot', () => {
  it('has the revision as ETag and answers 304 to If-None-Match', async () => {
    const first = await t.admin.snapshot();
    if (first.notModified) throw new Error('expected a snapshot');
    expect(first.etag).toBe(`"${first.snapshot.revision}"`);
    expect(await t.admin.snapshot(first.etag!)).toEqual({ notModified: true });
    await t.admin.createFlag({ key: 'etag-bump' });
    expect((await t.admin.snapshot(first.etag!)).notModified).toBe(false);
  });
});
