import { ProviderStatus, type OpenFeatureAPI } from '@openfeature/server-sdk';
import { FeatureFlags } from '@ramp/sdk';
import { RampProvider, type TrackEvent } from '@ramp/sdk/openfeature';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  isolatedOpenFeature,
  quietLogger,
  recordEvents,
  startRamp,
  type RampServer,
} from './openfeature-support.js';

/**
 * A fetch for the SDK that the test can take down: while `down`, every request fails as if
 * the server were unreachable, and `cut()` ends the open streams.
 */
class Network {
  down = false;
  readonly #open = new Set<AbortController>();

  readonly fetch: typeof fetch = (input, init) => {
    if (this.down) return Promise.reject(new TypeError('fetch failed: network down'));
    const abort = new AbortController();
    this.#open.add(abort);
    const signal = init?.signal ? AbortSignal.any([init.signal, abort.signal]) : abort.signal;
    return fetch(input, { ...init, signal });
  };

  cut(): void {
    this.down = true;
    for (const abort of this.#open) abort.abort(new Error('connection cut by the test'));
    this.#open.clear();
  }
}

describe('RampProvider in remote mode against a real server', () => {
  let ramp: RampServer;
  let api: OpenFeatureAPI;

  beforeAll(async () => {
    ramp = await startRamp();
    await ramp.admin.createFlag({ key: 'checkout', enabled: true, percentage: 40 });
    await ramp.admin.createFlag({ key: 'search', enabled: true, percentage: 100 });
  });
  afterEach(async () => {
    await api?.close();
  });
  afterAll(() => ramp?.close());

  function remoteFlags(network: Network, readyTimeoutMs = 5_000): FeatureFlags {
    return new FeatureFlags({
      url: ramp.url,
      token: ramp.sdkToken,
      fetch: network.fetch,
      readyTimeoutMs,
      reconnect: { baseDelayMs: 20, maxDelayMs: 50 },
      file: false,
      env: {},
      logger: quietLogger,
    });
  }

  it('follows the stream: READY, CONFIGURATION_CHANGED on a change, STALE while down, READY again', async () => {
    const network = new Network();
    api = isolatedOpenFeature();
    const events = recordEvents(api);
    await api.setProviderAndWait(new RampProvider(remoteFlags(network), { closeFlags: true }));
    const client = api.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.READY);

    for (const sessionId of ['a', 'b', 'c', 'd']) {
      const served = await ramp.admin.evaluate({ sessionId, flags: ['checkout'] });
      const details = await client.getBooleanDetails('checkout', false, {
        targetingKey: sessionId,
      });
      expect(details.value).toBe(served.flags['checkout']?.enabled);
      expect(details.reason).toBe('SPLIT');
    }

    const flag = await ramp.admin.getFlag('checkout');
    await ramp.admin.updateFlag('checkout', { percentage: 100, version: flag.version });
    await vi.waitFor(() =>
      expect(events.map((event) => event.type)).toContain('PROVIDER_CONFIGURATION_CHANGED'),
    );
    const change = events.find((event) => event.type === 'PROVIDER_CONFIGURATION_CHANGED');
    expect(change?.details?.flagsChanged).toEqual(['checkout']);
    expect(await client.getBooleanDetails('checkout', false, { targetingKey: 'a' })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });

    network.cut();
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.STALE));
    // Stale still answers, from the last configuration.
    expect(await client.getBooleanValue('checkout', false, { targetingKey: 'a' })).toBe(true);
    network.down = false;
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY));
    expect(events.map((event) => event.type)).toEqual([
      'PROVIDER_READY',
      'PROVIDER_CONFIGURATION_CHANGED',
      'PROVIDER_STALE',
      'PROVIDER_READY',
    ]);
  });

  it('is ERROR when it starts without a control plane, serves local values, then READY when it comes', async () => {
    const network = new Network();
    network.down = true;
    api = isolatedOpenFeature();
    const provider = new RampProvider(remoteFlags(network, 200), { closeFlags: true });
    await expect(api.setProviderAndWait(provider)).rejects.toThrow('no configuration');
    const client = api.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    // With a remote configured, a flag it does not have is off: here, every flag.
    expect(await client.getBooleanDetails('search', true, { targetingKey: 'a' })).toMatchObject({
      value: true,
      errorCode: 'FLAG_NOT_FOUND',
    });
    network.down = false;
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY));
    expect(await client.getBooleanValue('search', false, { targetingKey: 'a' })).toBe(true);
  });

  it('hands client.track to onTrack with the session as Ramp metric input', async () => {
    const tracked: TrackEvent[] = [];
    api = isolatedOpenFeature();
    const provider = new RampProvider(remoteFlags(new Network()), {
      closeFlags: true,
      onTrack: (event) => tracked.push(event),
    });
    await api.setProviderAndWait(provider);
    api.getClient().track('checkout_latency_ms', { targetingKey: 'a' }, { value: 231 });
    expect(tracked).toMatchObject([{ name: 'checkout_latency_ms', sessionId: 'a', value: 231 }]);
  });
});
