import type { ChangeEvent, Flag, KillAllState, Snapshot } from '@ramp/api';

/** What the live feed has told the dashboard so far. */
export interface FeedState {
  /** -1 until the first snapshot. */
  readonly revision: number;
  readonly flags: ReadonlyMap<string, Flag>;
  readonly killAll: KillAllState;
}

export const emptyFeed: FeedState = {
  revision: -1,
  flags: new Map(),
  killAll: { active: false, reason: null, since: null },
};

/** A snapshot replaces everything. */
export function applySnapshot(snapshot: Snapshot): FeedState {
  return {
    revision: snapshot.revision,
    flags: new Map(snapshot.flags.map((flag) => [flag.key, flag])),
    killAll: snapshot.killAll,
  };
}

/**
 * A change upserts its flags, drops archived keys and updates the kill switch. Changes at or
 * below the current revision (replayed after a reconnect) change nothing.
 */
export function applyChange(state: FeedState, change: ChangeEvent): FeedState {
  if (change.revision <= state.revision) return state;
  const flags = new Map(state.flags);
  for (const flag of change.flags) flags.set(flag.key, flag);
  for (const key of change.deleted) flags.delete(key);
  return { revision: change.revision, flags, killAll: change.killAll ?? state.killAll };
}

/** Flags in a stable order for lists: by key. */
export function sortedFlags(state: FeedState): Flag[] {
  return [...state.flags.values()].sort((a, b) => a.key.localeCompare(b.key));
}
