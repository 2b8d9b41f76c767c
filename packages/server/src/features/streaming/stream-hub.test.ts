import { afterEach, describe, expect, it } from 'vitest';
import type { StoredChange } from './change-log.js';
import type { StreamClient } from './sse.js';
import { SnapshotFrames } from './snapshot-frames.js';
import { StreamHub } from './stream-hub.js';

class FakeClient implements StreamClient {
  readonly frames: string[] = [];
  closed = false;
  send(frame: string): void {
    this.frames.push(frame);
  }
  close(): void {
    this.closed = true;
  }
  ids(): number[] {
    return this.frames.flatMap((f) =>
      /^id: (\d+)/.exec(f) ? [Number(/^id: (\d+)/.exec(f)![1])] : [],
    );
  }
}

/** A change log in memory; `read` counts how often the hub reads it. */
function memoryLog() {
  const changes: StoredChange[] = [];
  let reads = 0;
  return {
    changes,
    get reads() {
      return reads;
    },
    commit(): void {
      const revision = changes.length + 1;
      changes.push({ revision, payload: JSON.stringify({ revision }) });
    },
    read: (after: number, limit: number) => {
      reads += 1;
      return Promise.resolve(changes.filter((c) => c.revision > after).slice(0, limit));
    },
  };
}

const hubs: StreamHub[] = [];
afterEach(() => hubs.splice(0).forEach((h) => h.close()));

function hubOver(log: ReturnType<typeof memoryLog>, ringSize = 1024): StreamHub {
  const hub = new StreamHub({ readChanges: log.read, heartbeatMs: 60_000, ringSize });
  hubs.push(hub);
  hub.start(log.changes.length);
  return hub;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamHub', () => {
  it('sends each committed change once, in order, to every client, however hints arrive', async () => {
    const log = memoryLog();
    const hub = hubOver(log);
    const clients = [new FakeClient(), new FakeClient()];
    for (const c of clients) hub.attach(c, 0);
    log.commit();
    log.commit();
    hub.notify();
    hub.notify();
    await settle();
    log.commit();
    hub.notify();
    await settle();
    for (const c of clients) expect(c.ids()).toEqual([1, 2, 3]);
    expect(clients[0]!.frames[0]).toBe('id: 1\nevent: change\ndata: {"revision":1}\n\n');
  });

  it('serializes a change once for many clients', async () => {
    const log = memoryLog();
    const hub = hubOver(log);
    const clients = Array.from({ length: 1000 }, () => new FakeClient());
    for (const c of clients) hub.attach(c, 0);
    log.commit();
    hub.notify();
    await settle();
    expect(log.reads).toBe(1);
    expect(new Set(clients.map((c) => c.frames[0])).size).toBe(1);
    expect(clients.every((c) => c.frames.length === 1)).toBe(true);
  });

  it('catches a late client up from memory, skipping what it already has', async () => {
    const log = memoryLog();
    const hub = hubOver(log);
    for (let i = 0; i < 3; i++) log.commit();
    hub.notify();
    await settle();
    const late = new FakeClient();
    expect(hub.attach(late, 1)).toBe(true);
    expect(late.ids()).toEqual([2, 3]);
    const ahead = new FakeClient();
    expect(hub.attach(ahead, 5)).toBe(true);
    log.commit();
    log.commit();
    log.commit();
    hub.notify();
    await settle();
    expect(ahead.ids()).toEqual([6]);
  });

  it('refuses a client it cannot catch up from memory', async () => {
    const log = memoryLog();
    const hub = hubOver(log, 2);
    for (let i = 0; i < 5; i++) log.commit();
    hub.notify();
    await settle();
    expect(hub.attach(new FakeClient(), 1)).toBe(false);
    expect(hub.attach(new FakeClient(), 3)).toBe(true);
  });

  it('pings every client, drops closed ones, and closes the rest on close()', async () => {
    const log = memoryLog();
    const hub = hubOver(log);
    const open = new FakeClient();
    const gone = new FakeClient();
    hub.attach(open, 0);
    hub.attach(gone, 0);
    hub.heartbeat();
    expect(open.frames).toEqual([': ping\n\n']);
    gone.closed = true;
    log.commit();
    hub.notify();
    await settle();
    expect(hub.size).toBe(1);
    hub.close();
    expect(open.closed).toBe(true);
  });
});

describe('SnapshotFrames', () => {
  it('shares one read among concurrent streams and reuses it while the revision holds', async () => {
    let reads = 0;
    let revision = 3;
    const load = () => {
      reads += 1;
      return Promise.resolve({
        revision,
        killAll: { active: false, reason: null, since: null },
        flags: [],
      });
    };
    const frames = new SnapshotFrames(load, () => revision);
    const [a, b] = await Promise.all([frames.get(), frames.get()]);
    expect(a).toBe(b);
    expect(a.text.startsWith('id: 3\nevent: snapshot\ndata: {"revision":3')).toBe(true);
    await frames.get();
    expect(reads).toBe(1);
    revision = 4;
    expect((await frames.get()).revision).toBe(4);
    expect(reads).toBe(2);
  });
});
