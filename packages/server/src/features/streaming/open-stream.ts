import { StreamEventName } from '@ramp/api';
import type { SnapshotFrame } from './snapshot-frames.js';
import type { StoredChange } from './change-log.js';
import type { StreamHub } from './stream-hub.js';
import { sseEvent, type StreamClient } from './sse.js';

export interface OpenStreamDeps {
  readonly hub: StreamHub;
  readonly snapshotFrame: () => Promise<SnapshotFrame>;
  /** The changes after a revision, or undefined when they cannot be replayed. */
  readonly replay: (revision: number) => Promise<StoredChange[] | undefined>;
}

/**
 * Starts a stream: replays the changes a reconnecting client missed (Last-Event-ID) when it
 * can, otherwise sends a snapshot; then attaches the client to the hub for live changes.
 */
export async function openStream(
  client: StreamClient,
  lastEventId: number | undefined,
  deps: OpenStreamDeps,
): Promise<void> {
  let resumeFrom = lastEventId;
  // Attaching fails only when more changes than the hub keeps in memory committed while the
  // first frames were read; then the gap is replayed and attaching is tried again.
  for (let attempt = 0; attempt < 3 && !client.closed; attempt++) {
    const changes = resumeFrom === undefined ? undefined : await deps.replay(resumeFrom);
    let revision: number;
    if (changes !== undefined && resumeFrom !== undefined) {
      for (const change of changes) {
        client.send(sseEvent(StreamEventName.CHANGE, change.revision, change.payload));
      }
      revision = changes.at(-1)?.revision ?? resumeFrom;
    } else {
      const frame = await deps.snapshotFrame();
      client.send(frame.text);
      revision = frame.revision;
    }
    if (client.closed || deps.hub.attach(client, revision)) return;
    resumeFrom = revision;
  }
  client.close();
}

/** A Last-Event-ID header as a revision; anything else counts as absent. */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
