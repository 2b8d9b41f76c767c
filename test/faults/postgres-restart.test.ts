// Two `ramp serve` replicas on a PostgreSQL of the test's own, which is restarted under them.
// The replicas must reconnect (listener, leadership, pool), and the SDKs connected to them
// must never see a value that was not committed, nor go back to an older one.
import { FeatureFlags } from '@ramp/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  leadersOf,
  sleep,
  startPrivatePostgres,
  startReplica,
  within,
  type PrivatePostgres,
  type Replica,
} from './support.js';

const quiet = { warn: () => undefined };

describe('PostgreSQL restarting under the replicas', () => {
  let postgres: PrivatePostgres;
  let replicas: Replica[] = [];
  let sdks: FeatureFlags[] = [];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    replicas = await Promise.all([1, 2].map(() => startReplica(postgres.url)));
  }, 60_000);

  afterAll(async () => {
    for (const sdk of sdks) sdk.close();
    await Promise.all(replicas.map((r) => r.stop()));
    postgres.destroy();
  });

  it('reconnects, and the SDKs only ever see committed values, in order', async () => {
    const [a, b] = replicas as [Replica, Replica];
    await a.admin.createFlag({ key: 'checkout', enabled: true, percentage: 30 });
    const { token } = await a.admin.createToken({ name: 'app', scope: 'sdk' });
    // Two SDKs on each replica, each recording every percentage it serves.
    const seen: number[][] = [];
    sdks = [a, a, b, b].map((replica, i) => {
      const sdk = new FeatureFlags({
        url: replica.url,
        token,
        file: false,
        env: {},
        logger: quiet,
      });
      seen[i] = [];
      sdk.subscribe((event) => {
        if (event.type === 'change') seen[i]!.push(sdk.getStatus('checkout').rolloutPercentage);
      });
      return sdk;
    });
    for (const sdk of sdks) await sdk.ready();
    const committed = [30];
    const set = async (replica: Replica, percentage: number) => {
      const flag = await replica.admin.getFlag('checkout');
      await replica.admin.updateFlag('checkout', { percentage, version: flag.version });
      committed.push(percentage);
    };
    await set(b, 40);
    await within(2_000, () => sdks.every((s) => s.getStatus('checkout').rolloutPercentage === 40));

    postgres.stop();
    // While the database is down: writes fail cleanly, reads of the SDKs stay on 40.
    const refused = await fetch(`${a.url}/api/v1/flags/checkout`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        'if-match': '"2"',
      },
      body: JSON.stringify({ percentage: 99 }),
    });
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAVAILABLE');
    expect((await fetch(`${b.url}/health/deep`)).status).toBe(503);
    await sleep(500);
    for (const sdk of sdks) expect(sdk.getStatus('checkout').rolloutPercentage).toBe(40);
    postgres.start();

    // Both replicas answer again, one leads, and a change reaches every SDK.
    for (const replica of replicas) {
      await within(10_000, async () => (await fetch(`${replica.url}/health/deep`)).ok, 'healthy');
    }
    await within(10_000, async () => (await leadersOf(replicas)).length === 1, 'one leader');
    await set(a, 60);
    await within(5_000, () => sdks.every((s) => s.getStatus('checkout').rolloutPercentage === 60));
    await set(b, 70);
    await within(5_000, () => sdks.every((s) => s.getStatus('checkout').rolloutPercentage === 70));

    for (const values of seen) {
      // Every value served was committed, and none came back after a newer one.
      for (const value of values) expect(committed).toContain(value);
      const order = values.map((v) => committed.indexOf(v));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(committed).not.toContain(99);
  }, 60_000);
});
