import type {
  ChangeEvent,
  CompatFlags,
  CreateFlagBody,
  Flag,
  FlagList,
  KillAllState,
  PatchFlagBody,
  RollbackBody,
  Snapshot,
} from '@ramp/api';
import { isoNow, type Clock } from '../../clock.js';
import { AppError } from '../../http/app-error.js';
import type { AuditEntry } from '../../ports/audit-sink.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import { parseCompatValues, toCompatValues } from './compat.js';
import {
  applyPatch,
  archive,
  checkNotArchived,
  checkVersion,
  newFlag,
  requireText,
  rollBack,
} from './flag-rules.js';
import type { FlagUnit } from './flag-store.js';
import { checkNoDependents, checkPrerequisites } from './prerequisites.js';

export interface FlagsServiceDeps {
  readonly clock: Clock;
  readonly runInTransaction: RunInTransaction<FlagUnit>;
  /** Reads on one consistent view. */
  readonly read: RunInTransaction<FlagUnit>;
  /** Called after a change has committed (the streaming feature pushes it). */
  readonly onCommitted: (revision: number) => void;
}

/** Who makes a change, and the flag version it is based on (when the caller sent one). */
export interface Write {
  readonly actor: string;
  readonly version?: number | undefined;
}

/** What a write transaction produced: the reply, and the change to publish (if any). */
interface Outcome<T> {
  readonly result: T;
  readonly change?: Omit<ChangeEvent, 'revision'>;
}

/**
 * Flags, rollbacks and the kill switch. Every change runs in one transaction that also
 * writes its audit record and its feed change; subscribers hear of it only after commit.
 */
export class FlagsService {
  /**
   * The committed state SDKs and evaluation read, loaded once per revision. A commit of this
   * process (#change, `committed`) drops the copy after the commit, so a load that raced a
   * commit is never kept; another replica's commit drops it through `changedElsewhere`.
   */
  #snapshot: Promise<Snapshot> | undefined;
  /** The revision of the loaded `#snapshot`; -1 while none is loaded. */
  #snapshotRevision = -1;

  constructor(private readonly deps: FlagsServiceDeps) {}

  list(includeArchived: boolean): Promise<FlagList> {
    return this.deps.read(async ({ flags, changes }) => {
      const revision = await changes.currentRevision();
      return { flags: await flags.list({ includeArchived }), revision };
    });
  }

  /** Archived flags are found too (with `archived: true`). */
  get(key: string): Promise<Flag> {
    return this.deps.read(({ flags }) => this.#find(flags, key));
  }

  snapshot(): Promise<Snapshot> {
    if (this.#snapshot !== undefined) return this.#snapshot;
    const loading = this.#loadSnapshot().then(
      (snapshot) => {
        if (this.#snapshot === loading) this.#snapshotRevision = snapshot.revision;
        return snapshot;
      },
      (error: unknown) => {
        if (this.#snapshot === loading) this.#drop();
        throw error;
      },
    );
    this.#snapshot = loading;
    return loading;
  }

  /** The committed state read now from the store, bypassing the cached copy. */
  freshSnapshot(): Promise<Snapshot> {
    return this.#loadSnapshot();
  }

  /**
   * Another replica committed up to `revision` (or, without one, notices may have been
   * lost): drops the cached snapshot unless it already holds that revision.
   */
  changedElsewhere(revision?: number): void {
    if (revision !== undefined && this.#snapshotRevision >= revision) return;
    this.#drop();
  }

  #drop(): void {
    this.#snapshot = undefined;
    this.#snapshotRevision = -1;
  }

  #loadSnapshot(): Promise<Snapshot> {
    return this.deps.read(async ({ flags, changes }) => {
      const revision = await changes.currentRevision();
      const killAll = await flags.killSwitch();
      return { revision, killAll, flags: await flags.list({ includeArchived: false }) };
    });
  }

  create(body: CreateFlagBody, { actor }: Write): Promise<Flag> {
    return this.#change(async ({ flags, audit }, now) => {
      const flag = newFlag(body, now);
      checkPrerequisites(flag, await flags.list({ includeArchived: true }));
      if (!(await flags.insert(flag))) {
        throw new AppError('CONFLICT', `flag "${flag.key}" already exists`);
      }
      await audit.append({
        ...entry(actor, 'flag.create', now, flag.key),
        before: null,
        after: flag,
      });
      return { result: flag, change: { flags: [flag], deleted: [] } };
    });
  }

  /** The write's `version` is the one the patch is based on (required: 428 without it). */
  update(key: string, patch: PatchFlagBody, { actor, version }: Write): Promise<Flag> {
    if (version === undefined) {
      const message = 'send the flag version as If-Match or "version"';
      return Promise.reject(new AppError('PRECONDITION_REQUIRED', message));
    }
    return this.#change(async ({ flags, audit }, now) => {
      const before = await this.#find(flags, key);
      checkNotArchived(before);
      checkVersion(before, version);
      const after = applyPatch(before, patch, now);
      if (after === undefined) return { result: before };
      if (patch.requires !== undefined) {
        checkPrerequisites(after, await flags.list({ includeArchived: true }));
      }
      await this.#save(flags, after, before.version);
      const reason = patch.reason === undefined ? null : patch.reason.trim() || null;
      await audit.append({ ...entry(actor, 'flag.update', now, key), before, after, reason });
      return { result: after, change: { flags: [after], deleted: [] } };
    });
  }

  /** Archives a flag: it leaves lists and snapshots, and SDKs drop it. */
  archive(key: string, { actor, version }: Write): Promise<Flag> {
    return this.#change(async ({ flags, audit }, now) => {
      const before = await this.#find(flags, key);
      if (before.archived) return { result: before };
      checkVersion(before, version);
      checkNoDependents(key, await flags.list({ includeArchived: false }));
      const after = archive(before, now);
      await this.#save(flags, after, before.version);
      await audit.append({ ...entry(actor, 'flag.archive', now, key), before, after });
      return { result: after, change: { flags: [], deleted: [key] } };
    });
  }

  rollback(key: string, body: RollbackBody, { actor, version }: Write): Promise<Flag> {
    return this.#change(async ({ flags, audit }, now) => {
      const before = await this.#find(flags, key);
      checkNotArchived(before);
      checkVersion(before, version);
      const after = rollBack(before, body, actor, now);
      await this.#save(flags, after, before.version);
      const reason = after.rollbackHistory.at(-1)?.reason ?? null;
      await audit.append({ ...entry(actor, 'flag.rollback', now, key), before, after, reason });
      return { result: after, change: { flags: [after], deleted: [] } };
    });
  }

  /** Turns the kill switch on or off; pressing it again changes nothing. */
  setKillAll(active: boolean, reasonText: string, { actor }: Write): Promise<KillAllState> {
    return this.#change(async ({ flags, audit }, now) => {
      const reason = requireText('reason', reasonText);
      const before = await flags.killSwitch();
      if (before.active === active) return { result: before };
      const after: KillAllState = active
        ? { active, reason, since: now }
        : { active, reason: null, since: null };
      await flags.setKillSwitch(after);
      const action = active ? 'kill-all.on' : 'kill-all.off';
      await audit.append({ ...entry(actor, action, now, null), before, after, reason });
      return { result: after, change: { flags: [], deleted: [], killAll: after } };
    });
  }

  compatValues(): Promise<CompatFlags> {
    return this.deps.read(async ({ flags }) => {
      const killed = (await flags.killSwitch()).active;
      return toCompatValues(await flags.list({ includeArchived: false }), killed);
    });
  }

  /** Applies a compatibility update: all of it, or (on any bad entry) none of it. */
  async applyCompat(values: CompatFlags, { actor }: Write): Promise<CompatFlags> {
    const requested = parseCompatValues(values);
    await this.#change(async (unit, now) => {
      const changed: Flag[] = [];
      for (const { key, percentage } of requested) {
        const flag = await this.#applyCompatValue(unit, { actor, now }, key, percentage);
        if (flag !== undefined) changed.push(flag);
      }
      return {
        result: undefined,
        ...(changed.length > 0 && { change: { flags: changed, deleted: [] } }),
      };
    });
    return this.compatValues();
  }

  async #applyCompatValue(
    unit: FlagUnit,
    by: { actor: string; now: string },
    key: string,
    percentage: number,
  ) {
    const enabled = percentage > 0;
    const before = await unit.flags.get(key);
    if (before === undefined) {
      const flag = newFlag({ key, enabled, percentage }, by.now);
      await unit.flags.insert(flag);
      await unit.audit.append({
        ...entry(by.actor, 'flag.create', by.now, key),
        before: null,
        after: flag,
      });
      return flag;
    }
    checkNotArchived(before);
    const after = applyPatch(before, { enabled, percentage }, by.now);
    if (after === undefined) return undefined;
    await this.#save(unit.flags, after, before.version);
    await unit.audit.append({ ...entry(by.actor, 'flag.update', by.now, key), before, after });
    return after;
  }

  /**
   * Announces a revision committed by a transaction outside this service (the rollout
   * controller's percentage changes, see `setFlagPercentages`): drops the cached snapshot and
   * tells subscribers, exactly as after a change of its own.
   */
  committed(revision: number): void {
    this.#drop();
    this.deps.onCommitted(revision);
  }

  async #change<T>(work: (unit: FlagUnit, now: string) => Promise<Outcome<T>>): Promise<T> {
    let revision: number | undefined;
    const result = await this.deps.runInTransaction(async (unit) => {
      await unit.changes.lock();
      const now = isoNow(this.deps.clock);
      const outcome = await work(unit, now);
      if (outcome.change !== undefined) revision = await unit.changes.append(outcome.change, now);
      return outcome.result;
    });
    if (revision !== undefined) {
      this.#drop();
      this.deps.onCommitted(revision);
    }
    return result;
  }

  async #find(flags: FlagUnit['flags'], key: string): Promise<Flag> {
    const flag = await flags.get(key);
    if (flag === undefined) throw new AppError('NOT_FOUND', `no flag "${key}"`);
    return flag;
  }

  async #save(flags: FlagUnit['flags'], flag: Flag, expectedVersion: number): Promise<void> {
    if (!(await flags.update(flag, expectedVersion))) {
      throw new AppError('CONFLICT', `flag "${flag.key}" changed meanwhile; reload it and retry`);
    }
  }
}

/** An audit entry with nothing before, after or given as reason; callers fill those in. */
function entry(actor: string, action: string, at: string, flag: string | null): AuditEntry {
  return { at, actor, action, flag, before: null, after: null, reason: null };
}
