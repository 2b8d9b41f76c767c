import type { ChangeEvent } from '@ramp/api';
import type { Kysely } from 'kysely';
import type { RampSchema } from '../../storage/schema.js';
import { RETAINED_CHANGES, type ChangeLog, type StoredChange } from './change-log.js';

/** The revision in `feed_revision` and the change payloads in `changes`. */
export class KyselyChangeLog implements ChangeLog {
  constructor(
    private readonly db: Kysely<RampSchema>,
    private readonly retain = RETAINED_CHANGES,
  ) {}

  async lock(): Promise<void> {
    // A self-assignment is the portable way to take a row lock (SQLite has no FOR UPDATE);
    // on SQLite it takes the write lock at once instead of upgrading later.
    await this.db
      .updateTable('feed_revision')
      .set((eb) => ({ revision: eb.ref('revision') }))
      .where('id', '=', 1)
      .execute();
  }

  async append(change: Omit<ChangeEvent, 'revision'>, at: string): Promise<number> {
    const { revision } = await this.db
      .updateTable('feed_revision')
      .set((eb) => ({ revision: eb('revision', '+', 1) }))
      .where('id', '=', 1)
      .returning('revision')
      .executeTakeFirstOrThrow();
    const event: ChangeEvent = { revision, ...change };
    await this.db
      .insertInto('changes')
      .values({ revision, payload: JSON.stringify(event), created_at: at })
      .execute();
    await this.db
      .deleteFrom('changes')
      .where('revision', '<=', revision - this.retain)
      .execute();
    return revision;
  }

  async currentRevision(): Promise<number> {
    const row = await this.db
      .selectFrom('feed_revision')
      .select('revision')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.revision);
  }

  async after(revision: number, limit: number): Promise<StoredChange[]> {
    const rows = await this.db
      .selectFrom('changes')
      .select(['revision', 'payload'])
      .where('revision', '>', revision)
      .orderBy('revision')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ revision: Number(row.revision), payload: row.payload }));
  }
}
