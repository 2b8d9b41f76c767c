import type { Flag, KillAllState, RollbackRecord } from '@ramp/api';
import type { Kysely, Selectable } from 'kysely';
import type { FlagsTable, RampSchema } from '../../storage/schema.js';
import type { FlagStore } from './flag-store.js';

/** Flags in `flags`, the kill switch in `kill_switch`; SQLite and PostgreSQL alike. */
export class KyselyFlagStore implements FlagStore {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async get(key: string): Promise<Flag | undefined> {
    const row = await this.db
      .selectFrom('flags')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : toFlag(row);
  }

  async list(options: { readonly includeArchived: boolean }): Promise<Flag[]> {
    let query = this.db.selectFrom('flags').selectAll();
    if (!options.includeArchived) query = query.where('archived', '=', 0);
    const rows = await query.orderBy('key').execute();
    return rows.map(toFlag);
  }

  async insert(flag: Flag): Promise<boolean> {
    // Writers are serialized (ChangeSink.lock), so checking first cannot race another insert.
    const existing = await this.db
      .selectFrom('flags')
      .select('key')
      .where('key', '=', flag.key)
      .executeTakeFirst();
    if (existing !== undefined) return false;
    await this.db.insertInto('flags').values(toRow(flag)).execute();
    return true;
  }

  async update(flag: Flag, expectedVersion: number): Promise<boolean> {
    const result = await this.db
      .updateTable('flags')
      .set(settingsOf(flag))
      .where('key', '=', flag.key)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async killSwitch(): Promise<KillAllState> {
    const row = await this.db
      .selectFrom('kill_switch')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { active: row.active === 1, reason: row.reason, since: row.since };
  }

  async setKillSwitch(state: KillAllState): Promise<void> {
    await this.db
      .updateTable('kill_switch')
      .set({ active: state.active ? 1 : 0, reason: state.reason, since: state.since })
      .where('id', '=', 1)
      .execute();
  }
}

function toRow(flag: Flag): FlagsTable {
  return { key: flag.key, created_at: flag.createdAt, ...settingsOf(flag) };
}

/** Every column but the key and the creation time, which never change. */
function settingsOf(flag: Flag): Omit<FlagsTable, 'key' | 'created_at'> {
  return {
    description: flag.description,
    enabled: flag.enabled ? 1 : 0,
    percentage_bp: Math.round(flag.percentage * 100),
    bucket_by: flag.bucketBy,
    requires: JSON.stringify(flag.requires),
    owner: flag.owner,
    permanent: flag.permanent ? 1 : 0,
    archived: flag.archived ? 1 : 0,
    version: flag.version,
    updated_at: flag.updatedAt,
    rollback_history: JSON.stringify(flag.rollbackHistory),
  };
}

function toFlag(row: Selectable<FlagsTable>): Flag {
  return {
    key: row.key,
    description: row.description,
    enabled: Number(row.enabled) === 1,
    percentage: Number(row.percentage_bp) / 100,
    bucketBy: row.bucket_by,
    requires: JSON.parse(row.requires) as string[],
    owner: row.owner,
    permanent: Number(row.permanent) === 1,
    archived: Number(row.archived) === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rollbackHistory: JSON.parse(row.rollback_history) as RollbackRecord[],
  };
}
