import {
  OpenFeatureAPI,
  ProviderEvents,
  ProviderStatus,
  type EventDetails,
} from '@openfeature/server-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Reason, type Evaluation } from '../engine/evaluate.js';
import { FeatureFlags } from '../feature-flags.js';
import type { FlagsEvent, FlagsListener, ReadyResult } from '../remote/events.js';
import { RampProvider, type RampFlags } from './ramp-provider.js';
import { openFeatureReason } from './resolution.js';

const quiet = { warn: () => undefined };

function localFlags(): FeatureFlags {
  return new FeatureFlags({
    file: false,
    env: {},
    logger: quiet,
    flags: {
      full: { enabled: true },
      half: { enabled: true, percentage: 50 },
      zero: { enabled: true, percentage: 0 },
      off: { enabled: false },
      broken: { enabled: 'maybe' },
      child: { enabled: true, requires: ['off'] },
    },
  });
}

/** A local FeatureFlags whose start-up and events the test drives. */
class DrivenFlags {
  readonly flags = localFlags();
  readonly listeners = new Set<FlagsListener>();
  resolveReady: (result: ReadyResult) => void = () => undefined;
  readonly #ready = new Promise<ReadyResult>((resolve) => (this.resolveReady = resolve));
  readonly evaluate = (key: string, sessionId?: unknown) => this.flags.evaluate(key, sessionId);
  readonly getStatus = (key: string) => this.flags.getStatus(key);
  readonly ready = () => this.#ready;
  readonly subscribe = (listener: FlagsListener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  emit(event: FlagsEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** An isolated OpenFeature API (the SDK's singleton would leak between tests). */
function openFeature(): OpenFeatureAPI {
  return new (OpenFeatureAPI as unknown as new () => OpenFeatureAPI)();
}

const apis: OpenFeatureAPI[] = [];
afterEach(async () => {
  for (const api of apis.splice(0)) await api.close();
});

async function clientFor(flags: RampFlags, options = {}) {
  const api = openFeature();
  apis.push(api);
  await api.setProviderAndWait(new RampProvider(flags, options));
  return api.getClient();
}

describe('RampProvider: evaluation', () => {
  it.each([
    ['full', 'STATIC', 'on', true],
    ['zero', 'STATIC', 'off', false],
    ['off', 'DISABLED', 'off', false],
    ['child', 'TARGETING_MATCH', 'off', false],
  ])('%s resolves to %s with variant %s', async (key, reason, variant, value) => {
    const client = await clientFor(localFlags());
    const details = await client.getBooleanDetails(key, !value, { targetingKey: 's-1' });
    expect(details).toMatchObject({ value, reason, variant, flagKey: key });
    expect(details.errorCode).toBeUndefined();
  });

  it('splits on the targeting key exactly as FeatureFlags does, with the bucket as metadata', async () => {
    const flags = localFlags();
    const client = await clientFor(flags);
    for (const session of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const expected = flags.evaluate('half', session);
      const details = await client.getBooleanDetails('half', false, { targetingKey: session });
      expect(details.value).toBe(expected.enabled);
      expect(details.reason).toBe('SPLIT');
      expect(details.flagMetadata).toEqual({
        bucket: expected.bucket,
        percentage: 50,
        source: 'options',
        rampReason: expected.reason,
      });
    }
  });

  it('answers TARGETING_KEY_MISSING for a split without a targeting key, but not for a static flag', async () => {
    const client = await clientFor(localFlags());
    const split = await client.getBooleanDetails('half', true, {});
    expect(split).toMatchObject({ value: true, reason: 'ERROR' });
    expect(split.errorCode).toBe('TARGETING_KEY_MISSING');
    expect((await client.getBooleanDetails('full', false, {})).value).toBe(true);
  });

  it('answers INVALID_CONTEXT when the targeting key is not a string', async () => {
    const client = await clientFor(localFlags());
    const context = { targetingKey: 42 } as unknown as { targetingKey: string };
    const details = await client.getBooleanDetails('half', true, context);
    expect(details).toMatchObject({ value: true, errorCode: 'INVALID_CONTEXT' });
  });

  it('answers PARSE_ERROR with the default and the configuration problem for an invalid flag', async () => {
    const client = await clientFor(localFlags());
    const details = await client.getBooleanDetails('broken', true, { targetingKey: 's' });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(details.errorMessage).toContain('maybe');
  });

  it('answers FLAG_NOT_FOUND for unknown flags of any type, TYPE_MISMATCH for known ones', async () => {
    const client = await clientFor(localFlags());
    const missing = await client.getBooleanDetails('nope', false);
    expect(missing).toMatchObject({
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'flag nope not found',
    });
    expect((await client.getStringDetails('nope', 'x')).errorCode).toBe('FLAG_NOT_FOUND');
    expect(await client.getStringDetails('full', 'x')).toMatchObject({
      value: 'x',
      errorCode: 'TYPE_MISMATCH',
    });
    expect((await client.getNumberDetails('full', 3)).errorCode).toBe('TYPE_MISMATCH');
    expect((await client.getObjectDetails('full', {})).errorCode).toBe('TYPE_MISMATCH');
  });

  it('maps every Ramp reason', () => {
    const at = (reason: Reason, percentage = 10): Evaluation => ({
      enabled: false,
      reason,
      bucket: 1,
      percentage,
      source: 'remote',
    });
    const mapped = Object.values(Reason).map((reason) => [reason, openFeatureReason(at(reason))]);
    expect(Object.fromEntries(mapped)).toEqual({
      ROLLOUT_IN: 'SPLIT',
      ROLLOUT_OUT: 'SPLIT',
      FULL_ROLLOUT: 'STATIC',
      DISABLED: 'DISABLED',
      KILLED: 'DISABLED',
      ROLLED_BACK: 'DISABLED',
      PREREQUISITE_OFF: 'TARGETING_MATCH',
      ERROR: 'ERROR',
      NOT_FOUND: 'ERROR',
    });
    expect(openFeatureReason(at(Reason.ROLLOUT_OUT, 0))).toBe('STATIC');
  });
});

describe('RampProvider: events', () => {
  function setUp() {
    const driven = new DrivenFlags();
    const api = openFeature();
    apis.push(api);
    const seen: string[] = [];
    const details: EventDetails[] = [];
    for (const event of Object.values(ProviderEvents)) {
      api.addHandler(event, (detail) => {
        seen.push(event);
        if (detail !== undefined) details.push(detail);
      });
    }
    return { driven, api, seen, details, provider: new RampProvider(driven) };
  }

  it('is READY after the start-up config, then follows the stream: STALE, ERROR, READY', async () => {
    const { driven, api, seen, details, provider } = setUp();
    const ready = api.setProviderAndWait(provider);
    expect(api.getClient().providerStatus).toBe(ProviderStatus.NOT_READY);
    driven.resolveReady({ source: 'remote', revision: 3 });
    await ready;
    driven.emit({ type: 'connection', state: 'stale', error: 'socket hang up' });
    expect(api.getClient().providerStatus).toBe(ProviderStatus.STALE);
    driven.emit({ type: 'connection', state: 'error', error: 'socket hang up' });
    expect(api.getClient().providerStatus).toBe(ProviderStatus.ERROR);
    driven.emit({ type: 'connection', state: 'connected' });
    expect(api.getClient().providerStatus).toBe(ProviderStatus.READY);
    expect(seen).toEqual(['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_ERROR', 'PROVIDER_READY']);
    expect(details[1]?.message).toBe('socket hang up');
  });

  it('emits CONFIGURATION_CHANGED with the changed keys, but not for the start-up config', async () => {
    const { driven, api, details, provider } = setUp();
    const ready = api.setProviderAndWait(provider);
    driven.emit({ type: 'change', keys: ['full', 'half'], origin: 'remote', revision: 1 });
    driven.resolveReady({ source: 'remote', revision: 1 });
    await ready;
    driven.emit({ type: 'change', keys: ['half'], origin: 'remote', revision: 2 });
    const changes = details.filter((d) => d.flagsChanged !== undefined);
    expect(changes.map((d) => d.flagsChanged)).toEqual([['half']]);
  });

  it('fails initialization (ERROR, not FATAL) when remote mode got no config, and recovers', async () => {
    const { driven, api, provider } = setUp();
    const ready = api.setProviderAndWait(provider);
    driven.emit({ type: 'connection', state: 'error', error: 'ECONNREFUSED' });
    driven.resolveReady({ source: 'local', revision: null, error: 'ECONNREFUSED' });
    await expect(ready).rejects.toThrow('ECONNREFUSED');
    const client = api.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    // Evaluation goes on with local values.
    expect(await client.getBooleanValue('full', false)).toBe(true);
    driven.emit({ type: 'connection', state: 'connected' });
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('turns STALE right after READY when it starts from the cache file', async () => {
    const { driven, api, seen, provider } = setUp();
    const ready = api.setProviderAndWait(provider);
    driven.emit({ type: 'connection', state: 'stale', error: 'ECONNREFUSED' });
    driven.resolveReady({ source: 'cache', revision: 7, error: 'ECONNREFUSED' });
    await ready;
    await vi.waitFor(() => expect(seen).toEqual(['PROVIDER_READY', 'PROVIDER_STALE']));
    expect(api.getClient().providerStatus).toBe(ProviderStatus.STALE);
  });

  it('unsubscribes on close, and closes the FeatureFlags only when asked to', async () => {
    const driven = new DrivenFlags();
    driven.resolveReady({ source: 'local', revision: null });
    const close = vi.fn();
    const kept = new RampProvider(Object.assign(driven, { close }));
    await kept.initialize();
    expect(driven.listeners.size).toBe(1);
    await kept.onClose();
    expect(driven.listeners.size).toBe(0);
    expect(close).not.toHaveBeenCalled();
    const owned = new RampProvider(driven, { closeFlags: true });
    await owned.initialize();
    await owned.onClose();
    expect(close).toHaveBeenCalledOnce();
  });
});

describe('RampProvider: tracking', () => {
  it('hands client.track to onTrack with the session and the value', async () => {
    const onTrack = vi.fn();
    const client = await clientFor(localFlags(), { onTrack });
    client.track('checkout_latency_ms', { targetingKey: 's-9' }, { value: 123, region: 'eu' });
    expect(onTrack).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'checkout_latency_ms',
        sessionId: 's-9',
        value: 123,
        details: { value: 123, region: 'eu' },
      }),
    );
  });

  it('uses a metric recorder on FeatureFlags when there is one: track for values, increment otherwise', async () => {
    const track = vi.fn();
    const increment = vi.fn();
    const client = await clientFor(Object.assign(localFlags(), { track, increment }));
    client.track('latency_ms', { targetingKey: 's-1' }, { value: 12 });
    client.track('errors', { targetingKey: 's-1' });
    expect(track).toHaveBeenCalledWith('latency_ms', 12, { sessionId: 's-1' });
    expect(increment).toHaveBeenCalledWith('errors', { sessionId: 's-1' });
  });

  it('warns once when there is nowhere to record, and refuses empty names', () => {
    const warn = vi.fn();
    const driven = new DrivenFlags();
    const provider = new RampProvider(driven, { logger: { warn } });
    provider.track('a', {}, {});
    provider.track('b', {}, {});
    expect(warn).toHaveBeenCalledOnce();
    expect(() => provider.track('', {}, {})).toThrow('non-empty');
  });
});
