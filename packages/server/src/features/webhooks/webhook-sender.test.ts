import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';
import { KyselyWebhookOutbox, signBody, webhooksFeature, type DecisionNotice } from './index.js';

const SECRET = 'webhook-test-secret';
const NOTICE: DecisionNotice = {
  plan: 'checkout-rollout',
  decision: 'GO',
  actor: 'controller',
  summary: 'canary baked 1h: every gate passed; checkout to 50%',
  from: 'running',
  to: 'running',
  at: '2026-01-01T00:00:00.000Z',
  evidence: [{ text: 'error rate 0.1% < 0.5% over the bake (1h): pass' }],
};

describe('WebhookSender', () => {
  let handle: TestDatabase;
  let receiver: WebhookReceiver | undefined;
  const clock = new FakeClock();
  beforeEach(async () => {
    handle = await sqliteTestDatabase();
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await handle.drop();
  });

  function feature(urls: string[], maxAttempts?: number) {
    const outbox = new KyselyWebhookOutbox(handle.database.db);
    return { outbox, ...webhooksFeature({ clock, outbox, urls, secret: SECRET, maxAttempts }) };
  }

  const rows = () => handle.database.db.selectFrom('webhook_deliveries').selectAll().execute();

  it('retries with exponential backoff and delivers on the third attempt', async () => {
    receiver = await startWebhookReceiver([500, 503]);
    const { outbox, sender, enqueue } = feature([receiver.url]);
    await enqueue(outbox, NOTICE);

    expect(await sender.deliverDue()).toBe(1);
    expect(await sender.deliverDue()).toBe(0); // not due for 10 s
    clock.advance(10_000);
    expect(await sender.deliverDue()).toBe(1);
    clock.advance(19_999);
    expect(await sender.deliverDue()).toBe(0); // the second wait is 20 s
    clock.advance(1);
    expect(await sender.deliverDue()).toBe(1);

    expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 200]);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
    const ids = receiver.received.map((r) => r.headers['x-ramp-delivery']);
    expect(new Set(ids)).toEqual(new Set([row?.id]));
    const last = receiver.received[2];
    expect(last?.headers['x-ramp-signature']).toBe(signBody(last?.body ?? '', SECRET));
    expect(JSON.parse(last?.body ?? '')).toMatchObject({
      text: expect.stringContaining('checkout-rollout: GO by controller') as unknown,
      blocks: expect.any(Array) as unknown,
      ramp: { event: 'plan.decision', plan: 'checkout-rollout', decision: 'GO' },
    });
  });

  it('marks a delivery failed after the last attempt', async () => {
    receiver = await startWebhookReceiver([500, 500, 500]);
    const { outbox, sender, enqueue } = feature([receiver.url], 3);
    await enqueue(outbox, NOTICE);
    for (let i = 0; i < 3; i++) {
      await sender.deliverDue();
      clock.advance(3_600_000);
    }
    expect(await sender.deliverDue()).toBe(0);
    expect(await rows()).toMatchObject([{ status: 'failed', attempts: 3, last_error: 'HTTP 500' }]);
  });

  it('queues one row per destination, and none without destinations', async () => {
    const two = feature(['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b']);
    await two.enqueue(two.outbox, NOTICE);
    const none = feature([]);
    await none.enqueue(none.outbox, NOTICE);
    expect((await rows()).map((r) => r.url).sort()).toEqual([
      'http://127.0.0.1:1/a',
      'http://127.0.0.1:1/b',
    ]);
  });
});
