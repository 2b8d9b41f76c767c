import type { ChangeEvent } from '@ramp/api';

/** A committed change: its revision and its ChangeEvent, serialized once at commit time. */
export interface StoredChange {
  readonly revision: number;
  /** ChangeEvent JSON, written to streams as it is. */
  readonly payload: string;
}

/**
 * The feed's revision counter and the changes committed at each revision. Implemented by
 * KyselyChangeLog (SQLite and PostgreSQL).
 */
export interface ChangeLog {
  /**
   * Takes the writers' lock (the revision row) until the transaction ends, so write
   * transactions run one at a time. A no-op on SQLite, where they already do.
   */
  lock(): Promise<void>;
  /**
   * Takes the next revision and records the change under it. Call it inside the transaction
   * that makes the change: on PostgreSQL the counter's row lock also orders concurrent
   * writers, so revisions commit in order.
   */
  append(change: Omit<ChangeEvent, 'revision'>, at: string): Promise<number>;
  currentRevision(): Promise<number>;
  /** Changes after `revision`, oldest first, at most `limit`. */
  after(revision: number, limit: number): Promise<StoredChange[]>;
}

/** Changes kept for replay; a client further behind gets a snapshot. */
export const RETAINED_CHANGES = 10_000;

/**
 * The changes a client that saw `revision` missed, or undefined when they cannot all be
 * replayed (pruned, more than `max`, a revision this store never reached, or a revision the
 * log has no change after although the store has moved past it, as after `ramp restore`).
 */
export async function replayableChanges(
  log: ChangeLog,
  revision: number,
  max: number,
): Promise<StoredChange[] | undefined> {
  const changes = await log.after(revision, max + 1);
  if (changes.length > max) return undefined;
  const first = changes[0];
  // Nothing after `revision` is up to date only when the store is at `revision`. A restore
  // raises the revision past every one SDKs saw without logging a change: a client behind it
  // needs the snapshot, which an empty replay would never send.
  if (first === undefined) return (await log.currentRevision()) === revision ? [] : undefined;
  // Revisions are contiguous, so a gap after `revision` means the missed ones were pruned.
  return first.revision === revision + 1 ? changes : undefined;
}
