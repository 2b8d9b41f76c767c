import { Scope } from '@ramp/api';
import type { Kysely, Selectable } from 'kysely';
import type { RampSchema, TokensTable } from '../../storage/schema.js';
import type { TokenRecord, TokenStore } from './token-store.js';

/** Tokens in the `tokens` table, on SQLite or PostgreSQL alike. */
export class KyselyTokenStore implements TokenStore {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async insert(token: TokenRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('tokens')
      .values({
        id: token.id,
        name: token.name,
        scope: token.scope,
        hash: token.hash,
        created_at: token.createdAt,
        last_used_at: token.lastUsedAt,
        revoked_at: token.revokedAt,
      })
      // Two replicas storing the same configured secret at once: the second finds it there.
      .onConflict((oc) => oc.column('hash').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async findById(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('scope', '=', Scope.ADMIN)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db.updateTable('tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

function toRecord(row: Selectable<TokensTable>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    scope: toScope(row.scope),
    hash: row.hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function toScope(value: string): Scope {
  if (value === Scope.ADMIN || value === Scope.SDK || value === Scope.READ) return value;
  // A scope this version does not know grants nothing beyond reading.
  return Scope.READ;
}
