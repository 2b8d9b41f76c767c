import type { Snapshot } from '@ramp/api';
import type { TypeboxApp } from '../../http/typebox-app.js';
import { replayableChanges, type ChangeLog } from './change-log.js';
import { registerFeedRoutes } from './feed-routes.js';
import { SnapshotFrames } from './snapshot-frames.js';
import { StreamHub } from './stream-hub.js';

export { KyselyChangeLog } from './kysely-change-log.js';
export type { ChangeLog } from './change-log.js';

export interface StreamingFeatureDeps {
  /** Reads outside a transaction. */
  readonly changes: ChangeLog;
  readonly loadSnapshot: () => Promise<Snapshot>;
  readonly heartbeatMs: number;
  /** A reconnecting client further behind than this gets a snapshot instead. */
  readonly maxReplay?: number;
  /** A committed change was just written to the open streams (propagation metrics). */
  readonly onBroadcast?: ((revision: number) => void) | undefined;
}

/** Wires the SDK feed: snapshot, SSE stream, and the hub that pushes committed changes. */
export function streamingFeature(deps: StreamingFeatureDeps) {
  let onError: (error: unknown) => void = () => undefined;
  const hub = new StreamHub({
    readChanges: (after, limit) => deps.changes.after(after, limit),
    heartbeatMs: deps.heartbeatMs,
    onError: (error) => onError(error),
    onBroadcast: deps.onBroadcast,
  });
  const snapshots = new SnapshotFrames(deps.loadSnapshot, () => hub.revision);
  return {
    hub,
    /** Tell the hub a change committed. */
    notify: (): void => hub.notify(),
    register(app: TypeboxApp): void {
      onError = (error) => app.log.error({ err: error }, 'stream broadcast failed');
      app.addHook('onReady', async () => hub.start(await deps.changes.currentRevision()));
      // Open streams would keep the server from closing.
      app.addHook('preClose', (done) => {
        hub.close();
        done();
      });
      registerFeedRoutes(app, {
        hub,
        loadSnapshot: deps.loadSnapshot,
        snapshotFrame: () => snapshots.get(),
        replay: (revision) => replayableChanges(deps.changes, revision, deps.maxReplay ?? 1000),
      });
    },
  };
}
