import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signBody } from '../features/webhooks/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';

const SECRET = 'e2e-webhook-secret';
const PLAN = `
name: checkout-rollout
flags:
  - key: checkout
readiness:
  - { id: runbook, item: Runbook reviewed, owner: ops }
phases:
  - name: canary
    percentages: { checkout: 25 }
    bake: 1h
`;

describe('webhooks from a running server', () => {
  let receiver: WebhookReceiver | undefined;
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await receiver?.close();
    receiver = undefined;
  });

  async function start(url: string, options: { pollMs: number; dataDir?: string }) {
    const server = await startTestServer({
      env: { RAMP_WEBHOOK_URLS: url, RAMP_WEBHOOK_SECRET: SECRET },
      clock: new FakeClock(),
      // The sender runs beside the controller loop; this loop never ticks within a test.
      planIntervalMs: 3_600_000,
      webhookPollMs: options.pollMs,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    });
    servers.push(server);
    return server;
  }

  async function confirmReadiness(server: TestServer): Promise<void> {
    await server.admin.createFlag({ key: 'checkout', percentage: 0 });
    const post = (path: string, body: string, type: string) =>
      fetch(`${server.url}/api/v1/plans${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': type },
        body,
      });
    expect((await post('', PLAN, 'application/yaml')).status).toBe(201);
    const body = JSON.stringify({ item: 'runbook', name: 'Ada' });
    expect((await post('/checkout-rollout/readiness', body, 'application/json')).status).toBe(200);
  }

  it('posts a signed, Slack-compatible message for a recorded decision', async () => {
    receiver = await startWebhookReceiver();
    const server = await start(receiver.url, { pollMs: 20 });
    await confirmReadiness(server);

    await vi.waitFor(() => expect(receiver?.received).toHaveLength(1), { timeout: 5_000 });
    const [hook] = receiver.received;
    expect(hook?.headers['x-ramp-signature']).toBe(signBody(hook?.body ?? '', SECRET));
    expect(hook?.headers['x-ramp-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(hook?.body ?? '')).toMatchObject({
      text: expect.stringContaining('plan checkout-rollout: CONFIRM by Ada') as unknown,
      ramp: { plan: 'checkout-rollout', decision: 'CONFIRM', actor: 'Ada', from: 'pending' },
    });
  });

  it('delivers after a restart what the previous process had queued but not sent', async () => {
    receiver = await startWebhookReceiver();
    // A poll an hour away: the decision commits, then the process stops before sending.
    const first = await start(receiver.url, { pollMs: 3_600_000 });
    await confirmReadiness(first);
    await first.close({ keepData: true });
    servers.splice(0);
    expect(receiver.received).toHaveLength(0);

    const second = await start(receiver.url, { pollMs: 20, dataDir: first.dataDir });
    await vi.waitFor(() => expect(receiver?.received).toHaveLength(1), { timeout: 5_000 });
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toMatchObject({
      ramp: { decision: 'CONFIRM' },
    });
    await second.close();
    servers.splice(0);
    rmSync(first.dataDir, { recursive: true, force: true });
  });
});
