import type { ChangeEvent } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchema } from '../testing/databases.js';
import { isEvent, openSse } from '../testing/sse-reader.js';
import { startTestServer } from '../testing/server.js';

describe('a server on PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  beforeAll(async () => {
    schema = await postgresSchema();
  });
  afterAll(async () => schema.drop());

  it('serves the API and the stream, and keeps everything across a restart', async () => {
    const first = await startTestServer({ databaseUrl: schema.url });
    await first.admin.createFlag({ key: 'pg-flag', enabled: true, percentage: 10 });
    const reader = await openSse(`${first.url}/api/v1/stream`, {
      authorization: `Bearer ${first.adminToken}`,
    });
    const start = Number((await reader.next(isEvent('snapshot'))).id);
    const results = await Promise.allSettled([
      first.admin.updateFlag('pg-flag', { percentage: 20, version: 1 }),
      first.admin.updateFlag('pg-flag', { percentage: 30, version: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const change = await reader.next(isEvent('change'));
    expect(change.id).toBe(String(start + 1));
    expect((JSON.parse(change.data!) as ChangeEvent).flags[0]?.version).toBe(2);
    reader.close();
    await first.close();

    const second = await startTestServer({ databaseUrl: schema.url });
    expect(await second.admin.getFlag('pg-flag')).toMatchObject({ version: 2 });
    expect((await second.admin.listFlags()).revision).toBe(start + 1);
    expect(await second.clientWith().deepHealth()).toMatchObject({ status: 'ok' });
    await second.close();
  });
});
