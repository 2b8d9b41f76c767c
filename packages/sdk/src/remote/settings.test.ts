import { describe, expect, it } from 'vitest';
import { FeatureFlags } from '../feature-flags.js';
import { resolveRemoteSettings } from './settings.js';

describe('remote settings', () => {
  it('is local mode without a URL', () => {
    expect(resolveRemoteSettings({}, {}, '/app')).toBeUndefined();
  });

  it('reads RAMP_URL, RAMP_SDK_TOKEN and RAMP_CACHE_FILE, with defaults', () => {
    const env = {
      RAMP_URL: 'https://ramp.internal/',
      RAMP_SDK_TOKEN: 't',
      RAMP_CACHE_FILE: 'c.json',
    };
    expect(resolveRemoteSettings({}, env, '/app')).toMatchObject({
      url: 'https://ramp.internal',
      token: 't',
      cacheFile: '/app/c.json',
      pollIntervalMs: 30_000,
      heartbeatTimeoutMs: 37_500,
      readyTimeoutMs: 5000,
      reconnect: { baseDelayMs: 500, maxDelayMs: 30_000 },
    });
  });

  it('prefers options over env vars', () => {
    const env = { RAMP_URL: 'https://env', RAMP_SDK_TOKEN: 'env-token' };
    const settings = resolveRemoteSettings({ url: 'http://opt:4000', token: 'opt' }, env, '/');
    expect(settings).toMatchObject({ url: 'http://opt:4000', token: 'opt', cacheFile: undefined });
  });

  it('throws a TypeError naming "token" for a URL without a token', () => {
    expect(() => new FeatureFlags({ url: 'http://127.0.0.1:1', env: {} })).toThrow(/"token"/);
    expect(() => new FeatureFlags({ env: { RAMP_URL: 'http://127.0.0.1:1' } })).toThrow(
      /"token" \(or RAMP_SDK_TOKEN\)/,
    );
  });

  it('throws naming the source of a bad URL', () => {
    expect(() => new FeatureFlags({ url: 'ftp://x', token: 't', env: {} })).toThrow(/option "url"/);
    expect(() => new FeatureFlags({ env: { RAMP_URL: 'nope', RAMP_SDK_TOKEN: 't' } })).toThrow(
      /RAMP_URL/,
    );
  });

  it.each([
    [{ url: 42 }, 'url'],
    [{ token: '' }, 'token'],
    [{ cacheFile: 1 }, 'cacheFile'],
    [{ pollIntervalMs: 0 }, 'pollIntervalMs'],
    [{ heartbeatTimeoutMs: 1.5 }, 'heartbeatTimeoutMs'],
    [{ readyTimeoutMs: -1 }, 'readyTimeoutMs'],
    [{ reconnect: 'fast' }, 'reconnect'],
    [{ reconnect: { maxDelayMs: 0 } }, 'reconnect.maxDelayMs'],
    [{ fetch: 'fetch' }, 'fetch'],
    [{ scheduler: { setTimeout } }, 'scheduler'],
  ])('rejects %j naming %s', (options, name) => {
    expect(() => new FeatureFlags({ env: {}, ...options } as never)).toThrow(
      new RegExp(`option "${name.replace('.', '\\.')}"`),
    );
  });
});
