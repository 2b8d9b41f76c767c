import { FeatureFlags } from '@ramp/sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchema, POSTGRES_URL } from '../testing/databases.js';
import { isEvent, openSse } from '../testing/sse-reader.js';
import { within } from '../testing/within.js';
import { startTestServer, type TestServer } from '../testing/server.js';

const quiet = { warn: () => undefined };
const POLL_MS = 200;

async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('three replicas on one PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  let replicas: TestServer[];
  let sdks: FeatureFlags[];
  let sdkToken: string;

  const start = () =>
    startTestServer({ databaseUrl: schema.url, leaderPollMs: POLL_MS, planIntervalMs: 60_000 });
  const leaders = () => replicas.filter((r) => r.server.replica.leader);

  beforeAll(async () => {
    schema = await postgresSchema();
    replicas = [];
    // One after the other: the first migrates, the others find it done.
    for (let i = 0; i < 3; i++) replicas.push(await start());
    const [first] = replicas;
    await first!.admin.createFlag({ key: 'checkout', enabled: true, percentage: 100 });
    sdkToken = (await first!.admin.createToken({ name: 'app', scope: 'sdk' })).token;
    // One SDK per replica, as a load balancer would spread them.
    sdks = replicas.map(
      (r) => new FeatureFlags({ url: r.url, token: sdkToken, file: false, env: {}, logger: quiet }),
    );
    for (const sdk of sdks) expect((await sdk.ready()).source).toBe('remote');
  });

  afterAll(async () => {
    for (const sdk of sdks) sdk.close();
    for (const replica of replicas) await replica.close();
    await schema.drop();
  });

  it('has exactly one leader, which /health/deep and /metrics report', async () => {
    await within(5_000, () => leaders().length === 1);
    for (const replica of replicas) {
      const health = await replica.clientWith().deepHealth();
      const role = replica.server.replica.leader ? 'leader' : 'follower';
      expect(health.replica).toEqual({ id: replica.server.replica.replicaId, role });
      const metrics = await (
        await fetch(`${replica.url}/metrics`, {
          headers: { authorization: `Bearer ${replica.adminToken}` },
        })
      ).text();
      expect(metrics).toContain(`ramp_leader ${role === 'leader' ? 1 : 0}`);
    }
  });

  it('pushes a rollback written on one replica to the SDKs of every replica in well under a second', async () => {
    expect(sdks.map((sdk) => sdk.isEnabled('checkout'))).toEqual([true, true, true]);
    const writer = replicas[1]!;
    const flag = await writer.admin.getFlag('checkout');
    const written = performance.now();
    await writer.admin.rollbackFlag('checkout', { reason: 'p95 over 500 ms' }, flag.version);
    await within(1_000, () => sdks.every((sdk) => !sdk.isEnabled('checkout')));
    expect(performance.now() - written).toBeLessThan(1_000);
    for (const sdk of sdks) {
      expect(sdk.getStatus('checkout')).toMatchObject({ enabled: false, source: 'remote' });
    }
  });

  it('serves every replica’s evaluate and snapshot from the latest commit, wherever it was written', async () => {
    const [a, b, c] = replicas;
    await a!.admin.createFlag({ key: 'search', enabled: true, percentage: 30 });
    // Warm the snapshot every replica keeps in memory.
    for (const replica of [b!, c!]) {
      expect((await replica.admin.evaluate({ sessionId: 's-1' })).flags.search).toBeDefined();
    }
    const search = await b!.admin.getFlag('search');
    await b!.admin.updateFlag('search', { percentage: 100, version: search.version });
    for (const replica of replicas) {
      await within(1_000, async () => {
        const result = await replica.admin.evaluate({ sessionId: 's-1' });
        return result.flags.search?.enabled === true;
      });
    }
    const revisions = await Promise.all(
      replicas.map(async (r) => {
        const reply = await r.admin.snapshot();
        return reply.notModified ? undefined : reply.snapshot.revision;
      }),
    );
    expect(revisions[0]).toEqual(expect.any(Number));
    expect(new Set(revisions).size).toBe(1);
  });

  it('refuses a token revoked on another replica at once, and ends its streams there', async () => {
    const [a, b] = replicas;
    const created = await a!.admin.createToken({ name: 'short-lived', scope: 'read' });
    const reader = b!.clientWith(created.token);
    expect((await reader.listFlags()).flags.length).toBeGreaterThan(0);
    const stream = await openSse(`${b!.url}/api/v1/stream`, {
      authorization: `Bearer ${created.token}`,
    });
    await stream.next(isEvent('snapshot'));
    await a!.admin.revokeToken(created.info.id);
    // Its stream on the other replica ends too.
    await expect(stream.next(isEvent('change'), 2_000)).rejects.toThrow('stream ended');
    // The verified-token cache would remember it for 10 s; the notice clears it at once.
    await within(1_000, async () => {
      const response = await fetch(`${b!.url}/api/v1/flags`, {
        headers: { authorization: `Bearer ${created.token}` },
      });
      return response.status === 401;
    });
  });

  it('merges the metrics every replica receives', async () => {
    const at = Date.now();
    const batch = (value: number) => ({
      sentAt: at,
      observations: [{ metric: 'latency_ms', value, at, cohorts: { checkout: 'on' } }],
      counters: [{ metric: 'requests', count: 2, at, cohorts: { checkout: 'on' } }],
    });
    // 30 batches spread over the three replicas, at the same time.
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const replica = replicas[i % 3]!;
        const response = await fetch(`${replica.url}/api/v1/metrics`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sdkToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(batch(i + 1)),
        });
        expect(response.status).toBe(202);
      }),
    );
    const response = await fetch(`${replicas[2]!.url}/api/v1/metrics/summary?flag=checkout`, {
      headers: { authorization: `Bearer ${replicas[2]!.adminToken}` },
    });
    const summary = (await response.json()) as {
      series: { metric: string; cohort: string; count: number; sum: number; max: number }[];
    };
    const latency = summary.series.find((s) => s.metric === 'latency_ms' && s.cohort === 'on');
    const requests = summary.series.find((s) => s.metric === 'requests' && s.cohort === 'on');
    expect(latency).toMatchObject({ count: 30, sum: (30 * 31) / 2, max: 30 });
    expect(requests).toMatchObject({ count: 60 });
  });

  it('catches up on what it missed while its listening connection was cut', async () => {
    const [a, b] = replicas;
    const victim = b!.server.replica.replicaId;
    const killed = await adminQuery(
      'select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1',
      [`ramp-cluster:${victim}`],
    );
    expect(killed.rowCount).toBe(1);
    // Written while b hears nothing: b's SDK must still get it once b reconnects.
    const flag = await a!.admin.getFlag('checkout');
    await a!.admin.updateFlag('checkout', {
      enabled: true,
      percentage: 100,
      version: flag.version,
    });
    await within(5_000, () => sdks[1]!.isEnabled('checkout'));
    await within(5_000, async () => {
      const rows = await adminQuery('select 1 from pg_stat_activity where application_name = $1', [
        `ramp-cluster:${victim}`,
      ]);
      return rows.rowCount === 1;
    });
    await within(5_000, () => leaders().length === 1);
  });

  it('hands the leadership to another replica when the leader stops', async () => {
    await within(5_000, () => leaders().length === 1);
    const leader = leaders()[0]!;
    await leader.close();
    replicas = replicas.filter((r) => r !== leader);
    const took = await within(POLL_MS * 10, () => leaders().length === 1);
    expect(took).toBeLessThan(POLL_MS * 10);
    // The newcomer joins as a follower.
    const newcomer = await start();
    replicas.push(newcomer);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 3));
    expect(leaders()).toHaveLength(1);
    expect(newcomer.server.replica.leader).toBe(false);
  });
});
