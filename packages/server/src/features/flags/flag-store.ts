import type { ChangeEvent, Flag, KillAllState } from '@ramp/api';
import type { AuditSink } from '../../ports/audit-sink.js';

/** Where flags and the kill switch are kept. Implemented by KyselyFlagStore. */
export interface FlagStore {
  get(key: string): Promise<Flag | undefined>;
  /** Sorted by key. */
  list(options: { readonly includeArchived: boolean }): Promise<Flag[]>;
  /** False when a flag with this key already exists (archived ones included). */
  insert(flag: Flag): Promise<boolean>;
  /** Writes `flag` if the stored one is still at `expectedVersion`; false otherwise. */
  update(flag: Flag, expectedVersion: number): Promise<boolean>;
  killSwitch(): Promise<KillAllState>;
  setKillSwitch(state: KillAllState): Promise<void>;
}

/** The feed a change is published on (the streaming feature's change log). */
export interface ChangeSink {
  /**
   * Serializes writers: called first in every write transaction, so checks that read other
   * flags (prerequisites, versions) cannot race a concurrent writer.
   */
  lock(): Promise<void>;
  /** Records the change under the next revision and returns that revision. */
  append(change: Omit<ChangeEvent, 'revision'>, at: string): Promise<number>;
  currentRevision(): Promise<number>;
}

/** The stores one flag transaction uses; a change and its audit record commit together. */
export interface FlagUnit {
  readonly flags: FlagStore;
  readonly audit: AuditSink;
  readonly changes: ChangeSink;
}
