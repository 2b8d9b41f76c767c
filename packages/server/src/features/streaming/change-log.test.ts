import { describe, expect, it, onTestFinished } from 'vitest';
import { replayableChanges, type ChangeLog, type StoredChange } from './change-log.js';
import { openStream } from './open-stream.js';
import type { StreamClient } from './sse.js';
import { StreamHub } from './stream-hub.js';

/**
 * A change log in memory holding the changes after `firstKept`, up to `revision`; `revision`
 * can be set past the last change, as `ramp restore` sets it without logging one.
 */
function memoryLog(options: { revision: number; changes: number; firstKept?: number }) {
  const changes: StoredChange[] = [];
  for (let r = options.firstKept ?? 1; r <= options.changes; r++) {
    changes.push({ revision: r, payload: JSON.stringify({ revision: r }) });
  }
  const log: ChangeLog = {
    lock: () => Promise.resolve(),
    append: () => Promise.reject(new Error('read only')),
    currentRevision: () => Promise.resolve(options.revision),
    after: (revision, limit) =>
      Promise.resolve(changes.filter((c) => c.revision > revision).slice(0, limit)),
  };
  return log;
}

const revisions = (changes: StoredChange[] | undefined) => changes?.map((c) => c.revision);

describe('replayableChanges', () => {
  it('replays what a client missed, and nothing to a client that is up to date', async () => {
    const log = memoryLog({ revision: 5, changes: 5 });
    expect(revisions(await replayableChanges(log, 3, 100))).toEqual([4, 5]);
    expect(await replayableChanges(log, 5, 100)).toEqual([]);
  });

  it('sends a snapshot when the changes were pruned, are too many, or never existed here', async () => {
    const log = memoryLog({ revision: 5, changes: 5, firstKept: 3 });
    expect(await replayableChanges(log, 1, 100)).toBeUndefined();
    expect(await replayableChanges(log, 2, 1)).toBeUndefined();
    expect(await replayableChanges(log, 9, 100)).toBeUndefined();
  });

  it('sends a snapshot to a client behind a revision raised without a change (a restore)', async () => {
    // Restored from a backup at revision 2 over a store at 3: the revision is now 4, the log
    // ends at 2. An SDK that saw 3 must get the snapshot at 4, or it keeps the lost state.
    const log = memoryLog({ revision: 4, changes: 2 });
    expect(await replayableChanges(log, 3, 100)).toBeUndefined();
    expect(await replayableChanges(log, 2, 100)).toBeUndefined();
    expect(await replayableChanges(log, 4, 100)).toEqual([]);
    // Further behind, it gets the logged changes; the stream then finds the rest missing
    // and sends the snapshot (openStream's retry).
    expect(revisions(await replayableChanges(log, 1, 100))).toEqual([2]);
  });
});

describe('a stream opened after a restore', () => {
  /** Opens a stream with Last-Event-ID `lastEventId`; the events it got, as `event id`. */
  async function reconnect(log: ChangeLog, lastEventId: number): Promise<string[]> {
    const hub = new StreamHub({ readChanges: (a, l) => log.after(a, l), heartbeatMs: 60_000 });
    onTestFinished(() => hub.close());
    hub.start(await log.currentRevision());
    const frames: string[] = [];
    const client: StreamClient = {
      send: (f) => frames.push(f),
      close: () => undefined,
      closed: false,
    };
    const revision = await log.currentRevision();
    await openStream(client, lastEventId, {
      hub,
      snapshotFrame: () =>
        Promise.resolve({ revision, text: `id: ${revision}\nevent: snapshot\n` }),
      replay: (after) => replayableChanges(log, after, 100),
    });
    return frames.map((f) => /^id: (\d+)\nevent: (\w+)/.exec(f)!.slice(1).reverse().join(' '));
  }

  it('ends with the snapshot at the raised revision, whatever the client saw', async () => {
    const log = memoryLog({ revision: 4, changes: 2 });
    expect(await reconnect(log, 3)).toEqual(['snapshot 4']);
    expect(await reconnect(log, 1)).toEqual(['change 2', 'snapshot 4']);
    expect(await reconnect(log, 4)).toEqual([]);
  });
});
