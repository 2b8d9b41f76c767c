import type { Flag } from '@ramp/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KyselyAuditStore } from '../features/audit/index.js';
import { KyselyTokenStore } from '../features/auth/index.js';
import { KyselyFlagStore } from '../features/flags/index.js';
import { KyselyChangeLog } from '../features/streaming/index.js';
import { replayableChanges } from '../features/streaming/change-log.js';
import type { Database } from '../storage/database.js';
import type { TestDatabase } from './databases.js';

const T0 = '2026-01-01T00:00:00.000Z';

export function flagFixture(key: string, overrides: Partial<Flag> = {}): Flag {
  return {
    key,
    description: '',
    enabled: true,
    percentage: 10,
    bucketBy: null,
    requires: [],
    owner: null,
    permanent: false,
    archived: false,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    rollbackHistory: [],
    ...overrides,
  };
}

/**
 * One contract for the store adapters, run against every database engine (the pattern of
 * hono's router/common.case.test.ts). Each engine's test file calls this once.
 */
export function describeStoreContract(engine: string, open: () => Promise<TestDatabase>): void {
  describe(`store contract: ${engine}`, () => {
    let handle: TestDatabase;
    let database: Database;

    beforeAll(async () => {
      handle = await open();
      database = handle.database;
    });
    afterAll(async () => handle.drop());
    beforeEach(async () => {
      for (const table of ['flags', 'changes', 'audit_events', 'tokens'] as const) {
        await database.db.deleteFrom(table).execute();
      }
      await database.db.updateTable('feed_revision').set({ revision: 0 }).execute();
      await database.db
        .updateTable('kill_switch')
        .set({ active: 0, reason: null, since: null })
        .execute();
    });

    describe('flags', () => {
      it('round-trips every field, fine percentages and JSON columns included', async () => {
        const store = new KyselyFlagStore(database.db);
        const flag = flagFixture('checkout', {
          description: 'new checkout',
          percentage: 12.34,
          bucketBy: 'checkout-group',
          requires: ['base'],
          owner: 'team-pay',
          permanent: true,
          rollbackHistory: [{ timestamp: T0, reason: 'errors', actor: 'ops', from: 50, to: 0.01 }],
        });
        expect(await store.insert(flag)).toBe(true);
        expect(await store.get('checkout')).toEqual(flag);
        for (const percentage of [0, 0.01, 33.33, 99.99, 100]) {
          const next = { ...flag, percentage, version: flag.version + 1 };
          expect(await store.update(next, flag.version)).toBe(true);
          expect((await store.get('checkout'))?.percentage).toBe(percentage);
          await store.update(flag, next.version);
        }
      });

      it('refuses a second flag with the same key', async () => {
        const store = new KyselyFlagStore(database.db);
        expect(await store.insert(flagFixture('a'))).toBe(true);
        expect(await store.insert(flagFixture('a', { archived: true }))).toBe(false);
      });

      it('lists by key, archived flags only on request', async () => {
        const store = new KyselyFlagStore(database.db);
        await store.insert(flagFixture('b'));
        await store.insert(flagFixture('a'));
        await store.insert(flagFixture('c', { archived: true }));
        expect((await store.list({ includeArchived: false })).map((f) => f.key)).toEqual([
          'a',
          'b',
        ]);
        expect((await store.list({ includeArchived: true })).map((f) => f.key)).toEqual([
          'a',
          'b',
          'c',
        ]);
        expect(await store.get('missing')).toBeUndefined();
      });

      it('updates only from the expected version', async () => {
        const store = new KyselyFlagStore(database.db);
        await store.insert(flagFixture('a'));
        expect(await store.update(flagFixture('a', { version: 2, percentage: 20 }), 1)).toBe(true);
        expect(await store.update(flagFixture('a', { version: 2, percentage: 30 }), 1)).toBe(false);
        expect((await store.get('a'))?.percentage).toBe(20);
      });

      it('keeps the kill switch', async () => {
        const store = new KyselyFlagStore(database.db);
        expect(await store.killSwitch()).toEqual({ active: false, reason: null, since: null });
        const on = { active: true, reason: 'incident 42', since: T0 };
        await store.setKillSwitch(on);
        expect(await store.killSwitch()).toEqual(on);
      });
    });

    describe('transactions', () => {
      it('writes nothing when the work throws', async () => {
        const failing = database.transaction(async (trx) => {
          await new KyselyFlagStore(trx).insert(flagFixture('a'));
          await new KyselyAuditStore(trx).append(auditEntry('a'));
          await new KyselyChangeLog(trx).append({ flags: [], deleted: [] }, T0);
          throw new Error('boom');
        });
        await expect(failing).rejects.toThrow('boom');
        expect(await new KyselyFlagStore(database.db).list({ includeArchived: true })).toEqual([]);
        expect(await new KyselyAuditStore(database.db).list({ limit: 10 })).toEqual([]);
        expect(await new KyselyChangeLog(database.db).currentRevision()).toBe(0);
      });

      it('lets exactly one of two concurrent writers from the same version win', async () => {
        await new KyselyFlagStore(database.db).insert(flagFixture('a'));
        const write = (percentage: number) =>
          database.transaction(async (trx) => {
            await new KyselyChangeLog(trx).lock();
            return new KyselyFlagStore(trx).update(flagFixture('a', { version: 2, percentage }), 1);
          });
        const results = await Promise.all([write(20), write(30)]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('gives concurrent writers distinct, contiguous revisions', async () => {
        const append = () =>
          database.transaction(async (trx) => {
            const log = new KyselyChangeLog(trx);
            await log.lock();
            return log.append({ flags: [], deleted: [] }, T0);
          });
        const revisions = await Promise.all(Array.from({ length: 8 }, append));
        expect([...revisions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      });
    });

    describe('change log', () => {
      it('numbers changes from 1 and stores each payload with its revision', async () => {
        const log = new KyselyChangeLog(database.db);
        expect(await log.currentRevision()).toBe(0);
        const flag = flagFixture('a');
        expect(await log.append({ flags: [flag], deleted: [] }, T0)).toBe(1);
        expect(await log.append({ flags: [], deleted: ['a'] }, T0)).toBe(2);
        expect(await log.currentRevision()).toBe(2);
        const changes = await log.after(0, 10);
        expect(changes.map((c) => c.revision)).toEqual([1, 2]);
        expect(JSON.parse(changes[0]!.payload)).toEqual({
          revision: 1,
          flags: [flag],
          deleted: [],
        });
        expect((await log.after(1, 10)).map((c) => c.revision)).toEqual([2]);
      });

      it('replays what a client missed, unless it was pruned or never existed', async () => {
        const log = new KyselyChangeLog(database.db, 3);
        for (let i = 0; i < 5; i++) await log.append({ flags: [], deleted: [] }, T0);
        expect((await replayableChanges(log, 3, 100))?.map((c) => c.revision)).toEqual([4, 5]);
        expect(await replayableChanges(log, 5, 100)).toEqual([]);
        expect(await replayableChanges(log, 1, 100)).toBeUndefined(); // 2 was pruned
        expect(await replayableChanges(log, 9, 100)).toBeUndefined(); // from another store
        expect(await replayableChanges(log, 3, 1)).toBeUndefined(); // too many to replay
      });
    });

    describe('audit', () => {
      it('lists newest first, filtered by flag, time and limit', async () => {
        const store = new KyselyAuditStore(database.db);
        await store.append({ ...auditEntry('a'), at: '2026-01-01T00:00:00.000Z' });
        await store.append({ ...auditEntry('b'), at: '2026-01-02T00:00:00.000Z' });
        await store.append({ ...auditEntry('a'), at: '2026-01-03T00:00:00.000Z', reason: 'why' });
        const all = await store.list({ limit: 10 });
        expect(all.map((e) => e.at.slice(0, 10))).toEqual([
          '2026-01-03',
          '2026-01-02',
          '2026-01-01',
        ]);
        expect(all[0]).toMatchObject({
          actor: 'ops',
          action: 'flag.update',
          flag: 'a',
          reason: 'why',
        });
        expect(all[0]!.before).toEqual({ percentage: 10 });
        expect(all[0]!.after).toEqual({ percentage: 20 });
        expect((await store.list({ flag: 'a', limit: 10 })).length).toBe(2);
        expect((await store.list({ since: '2026-01-02T00:00:00.000Z', limit: 10 })).length).toBe(2);
        expect((await store.list({ limit: 1 })).length).toBe(1);
      });
    });

    describe('tokens', () => {
      it('finds, counts, marks used and revokes', async () => {
        const store = new KyselyTokenStore(database.db);
        const token = {
          id: 't1',
          name: 'ci',
          scope: 'admin' as const,
          hash: 'ab'.repeat(32),
          createdAt: T0,
          lastUsedAt: null,
          revokedAt: null,
        };
        expect(await store.insert(token)).toBe(true);
        expect(
          await store.insert({ ...token, id: 't2', scope: 'sdk', hash: 'cd'.repeat(32) }),
        ).toBe(true);
        // The same secret twice (replicas storing one RAMP_ADMIN_TOKEN together): kept once.
        expect(await store.insert({ ...token, id: 't3' })).toBe(false);
        expect(await store.findById('t3')).toBeUndefined();
        expect(await store.findByHash(token.hash)).toEqual(token);
        expect(await store.findById('t2')).toMatchObject({ scope: 'sdk' });
        expect(await store.findByHash('00'.repeat(32))).toBeUndefined();
        expect(await store.count()).toBe(2);
        expect(await store.countActiveAdmins()).toBe(1);
        await store.markUsed('t1', '2026-01-05T00:00:00.000Z');
        await store.revoke('t1', '2026-01-06T00:00:00.000Z');
        expect(await store.findById('t1')).toMatchObject({
          lastUsedAt: '2026-01-05T00:00:00.000Z',
          revokedAt: '2026-01-06T00:00:00.000Z',
        });
        expect(await store.countActiveAdmins()).toBe(0);
        expect((await store.list()).map((t) => t.id)).toEqual(['t1', 't2']);
      });
    });
  });
}

function auditEntry(flag: string) {
  return {
    at: T0,
    actor: 'ops',
    action: 'flag.update',
    flag,
    before: { percentage: 10 },
    after: { percentage: 20 },
    reason: null,
  };
}
