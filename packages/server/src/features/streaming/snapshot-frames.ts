import { StreamEventName, type Snapshot } from '@ramp/api';
import { sseEvent } from './sse.js';

/** A snapshot as an SSE frame, with its revision. */
export interface SnapshotFrame {
  readonly revision: number;
  readonly text: string;
}

/**
 * Snapshot frames for opening streams. When many clients connect at once (every SDK after a
 * deploy), they share one read and one serialization: the frame is reused while the hub's
 * revision still equals its own, and concurrent misses wait for the same read. A frame
 * newer than the hub's revision is fine too: the hub skips what a client already has.
 */
export class SnapshotFrames {
  #cached: SnapshotFrame | undefined;
  #pending: Promise<SnapshotFrame> | undefined;

  constructor(
    private readonly load: () => Promise<Snapshot>,
    private readonly currentRevision: () => number | undefined,
  ) {}

  get(): Promise<SnapshotFrame> {
    const cached = this.#cached;
    if (cached !== undefined && cached.revision === this.currentRevision()) {
      return Promise.resolve(cached);
    }
    this.#pending ??= this.load()
      .then((snapshot) => {
        const frame = {
          revision: snapshot.revision,
          text: sseEvent(StreamEventName.SNAPSHOT, snapshot.revision, JSON.stringify(snapshot)),
        };
        this.#cached = frame;
        return frame;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}
