import { createClient, type RampClient } from '@ramp/api';
import { FeatureFlags, type FeatureFlagsOptions } from '@ramp/sdk';
import { startServer, type RunningServer } from '@ramp/server';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Real SDK instances in remote mode against a real `ramp serve` on a free loopback port.

const ADMIN = 'ramp_e2e_admin_token_0123456789abcdef';
const quiet = { warn: () => undefined };

interface Harness {
  dataDir: string;
  server: RunningServer;
  admin: RampClient;
  sdkToken: string;
}

const open: { close(): unknown }[] = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(dataDir: string, port = 0): Promise<RunningServer> {
  const server = await startServer({ port, dataDir, adminToken: ADMIN, logger: false });
  open.push(server);
  return server;
}

async function harness(): Promise<Harness> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ramp-e2e-sdk-')), 'data');
  const server = await start(dataDir);
  const admin = createClient({ baseUrl: server.url, token: ADMIN });
  const { token } = await admin.createToken({ name: 'checkout-service', scope: 'sdk' });
  return { dataDir, server, admin, sdkToken: token };
}

function sdk(url: string, token: string, options: FeatureFlagsOptions = {}): FeatureFlags {
  const flags = new FeatureFlags({
    url,
    token,
    env: {},
    file: false,
    logger: quiet,
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
  open.push(flags);
  return flags;
}

/** Resolves once `check` holds, polling briefly; fails with `what` after `ms`. */
async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SDKs following a real control plane', () => {
  it('a rollback through the API reaches every connected SDK', async () => {
    const h = await harness();
    await h.admin.createFlag({ key: 'memory_system', enabled: true, percentage: 100 });
    const fleet = Array.from({ length: 5 }, () => sdk(h.server.url, h.sdkToken));
    await Promise.all(fleet.map((flags) => flags.ready()));
    for (const flags of fleet) expect(flags.shouldUse('memory_system', 'session-1')).toBe(true);

    const sent = Date.now();
    await h.admin.rollbackFlag('memory_system', { reason: 'p95 latency above 500 ms' });
    await until('every SDK to see the rollback', () =>
      fleet.every((flags) => !flags.isEnabled('memory_system')),
    );
    expect(Date.now() - sent).toBeLessThan(2000);
    for (const flags of fleet) {
      expect(flags.getStatus('memory_system')).toMatchObject({
        enabled: false,
        rolloutPercentage: 0,
        source: 'remote',
      });
    }
  });

  it('a percentage change decides exactly as the engine on the server', async () => {
    const h = await harness();
    await h.admin.createFlag({ key: 'checkout', enabled: true, percentage: 10 });
    const flags = sdk(h.server.url, h.sdkToken);
    await flags.ready();
    const flag = await h.admin.getFlag('checkout');
    await h.admin.updateFlag('checkout', { percentage: 37.5, version: flag.version });
    await until('the SDK to see 37.5 %', () => flags.getRolloutPercentage('checkout') === 37.5);
    for (let i = 0; i < 50; i++) {
      const server = await h.admin.evaluate({ sessionId: `s-${i}`, flags: ['checkout'] });
      expect(flags.shouldUse('checkout', `s-${i}`)).toBe(server.flags.checkout?.enabled);
    }
  });

  it('serves its cached snapshot when started while the server is down, then catches up', async () => {
    const h = await harness();
    await h.admin.createFlag({ key: 'party_mode', enabled: true, percentage: 40 });
    const cacheFile = join(h.dataDir, '..', 'sdk-cache.json');
    const first = sdk(h.server.url, h.sdkToken, { cacheFile });
    expect((await first.ready()).source).toBe('remote');
    await until('the cache file', () => existsSync(cacheFile));
    first.close();

    const port = Number(new URL(h.server.url).port);
    await h.server.close();
    const offline = sdk(h.server.url, h.sdkToken, { cacheFile, readyTimeoutMs: 2000 });
    expect((await offline.ready()).source).toBe('cache');
    expect(offline.getRolloutPercentage('party_mode')).toBe(40);

    // The server comes back on the same port and data: nothing acknowledged was lost, and the
    // SDK reconnects and follows new changes.
    const restarted = await start(h.dataDir, port);
    const admin = createClient({ baseUrl: restarted.url, token: ADMIN });
    const flag = await admin.getFlag('party_mode');
    expect(flag).toMatchObject({ percentage: 40, version: 1 });
    await admin.updateFlag('party_mode', { percentage: 60, version: flag.version });
    await until(
      'the SDK to reconnect and see 60 %',
      () => {
        return offline.getRolloutPercentage('party_mode') === 60;
      },
      8000,
    );
  });

  it('a kill-all turns every flag off in every SDK, and its undo restores them', async () => {
    const h = await harness();
    await h.admin.createFlag({ key: 'a', enabled: true, percentage: 100 });
    await h.admin.createFlag({ key: 'b', enabled: true, percentage: 50 });
    const flags = sdk(h.server.url, h.sdkToken);
    await flags.ready();
    await h.admin.killAll('incident 42');
    await until('kill-all', () => !flags.isEnabled('a') && !flags.isEnabled('b'));
    expect(flags.evaluate('a', 's').reason).toBe('KILLED');
    await h.admin.undoKillAll('incident 42 resolved');
    await until('undo', () => flags.isEnabled('a') && flags.getRolloutPercentage('b') === 50);
  });
});
