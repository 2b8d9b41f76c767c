import type { RemoteFlag } from '../flag-state.js';
import type { ChangePayload, KillAll, SnapshotPayload } from './payload.js';

/** The control plane's configuration as the SDK holds it: immutable, replaced on each update. */
export interface RemoteConfig {
  readonly revision: number;
  readonly killAll: KillAll;
  readonly flags: ReadonlyMap<string, RemoteFlag>;
}

/** The result of applying a snapshot or a change: the new config and what it changed. */
export interface ConfigDiff {
  readonly config: RemoteConfig;
  /** Keys whose remote configuration was added, changed or removed, sorted. */
  readonly changed: readonly string[];
  readonly killAllChanged: boolean;
  /** The first remote config: from now on, flags it does not have are off. */
  readonly initial: boolean;
}

/** Every flag off: what a remote flag that does not exist (or no longer exists) amounts to. */
export function absentRemoteFlag(key: string): RemoteFlag {
  return { key, enabled: false, percentage: 0, bucketBy: null, requires: [] };
}

function sameFlag(a: RemoteFlag | undefined, b: RemoteFlag | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const aRequires = a.requires ?? [];
  const bRequires = b.requires ?? [];
  return (
    a.enabled === b.enabled &&
    a.percentage === b.percentage &&
    (a.bucketBy ?? null) === (b.bucketBy ?? null) &&
    aRequires.length === bRequires.length &&
    aRequires.every((key, i) => key === bRequires[i])
  );
}

function diff(
  previous: RemoteConfig | undefined,
  config: RemoteConfig,
  keys: Iterable<string>,
): ConfigDiff {
  const changed = new Set<string>();
  for (const key of keys) {
    if (!sameFlag(previous?.flags.get(key), config.flags.get(key))) changed.add(key);
  }
  return {
    config,
    changed: [...changed].sort(),
    killAllChanged: (previous?.killAll.active ?? false) !== config.killAll.active,
    initial: previous === undefined,
  };
}

/** Replaces the whole configuration with a snapshot. */
export function applySnapshot(
  previous: RemoteConfig | undefined,
  snapshot: SnapshotPayload,
): ConfigDiff {
  const flags = new Map(snapshot.flags.map((flag) => [flag.key, flag]));
  const config = { revision: snapshot.revision, killAll: snapshot.killAll, flags };
  return diff(previous, config, new Set([...(previous?.flags.keys() ?? []), ...flags.keys()]));
}

/** Applies a change on top of the current configuration. */
export function applyChange(previous: RemoteConfig, change: ChangePayload): ConfigDiff {
  const flags = new Map(previous.flags);
  for (const key of change.deleted) flags.delete(key);
  for (const flag of change.upserts) flags.set(flag.key, flag);
  const config = {
    revision: change.revision,
    killAll: change.killAll ?? previous.killAll,
    flags,
  };
  const touched = [...change.deleted, ...change.upserts.map((flag) => flag.key)];
  return diff(previous, config, touched);
}

/** The configuration as a snapshot, as the cache file stores it. */
export function toSnapshot(config: RemoteConfig): SnapshotPayload {
  return { revision: config.revision, killAll: config.killAll, flags: [...config.flags.values()] };
}
