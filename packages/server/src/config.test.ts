import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 4242,
      host: '127.0.0.1',
      dataDir: resolve('.ramp'),
      databaseUrl: undefined,
      adminToken: undefined,
      logLevel: 'info',
      webhookUrls: [],
      webhookSecret: undefined,
      prometheusUrl: undefined,
      planIntervalMs: 60_000,
      leaderPollMs: 2_000,
    });
  });

  it('reads the controller and leadership intervals, refusing nonsense', () => {
    const config = loadConfig({ RAMP_PLAN_INTERVAL_MS: '5000', RAMP_LEADER_POLL_MS: ' 500 ' });
    expect(config).toMatchObject({ planIntervalMs: 5000, leaderPollMs: 500 });
    expect(() => loadConfig({ RAMP_PLAN_INTERVAL_MS: '1m' })).toThrow(
      'RAMP_PLAN_INTERVAL_MS: expected milliseconds from 100 to 86400000, got "1m"',
    );
    expect(() => loadConfig({ RAMP_LEADER_POLL_MS: '10' })).toThrow(/^RAMP_LEADER_POLL_MS: /);
  });

  it('reads webhook URLs with their secret, and the Prometheus URL', () => {
    const config = loadConfig({
      RAMP_WEBHOOK_URLS: 'https://hooks.example/a, http://127.0.0.1:9000/b',
      RAMP_WEBHOOK_SECRET: 'shh',
      RAMP_PROMETHEUS_URL: 'http://prometheus:9090',
    });
    expect(config).toMatchObject({
      webhookUrls: ['https://hooks.example/a', 'http://127.0.0.1:9000/b'],
      webhookSecret: 'shh',
      prometheusUrl: 'http://prometheus:9090',
    });
    expect(() => loadConfig({ RAMP_WEBHOOK_URLS: 'https://hooks.example/a' })).toThrow(
      /^RAMP_WEBHOOK_SECRET: /,
    );
  });

  it('reads and freezes the settings', () => {
    const config = loadConfig({
      RAMP_PORT: '0',
      RAMP_HOST: '0.0.0.0',
      RAMP_DATA_DIR: '/var/lib/ramp',
      DATABASE_URL: 'postgres://db/ramp',
      RAMP_ADMIN_TOKEN: 'ramp_sixteen-chars-min',
      RAMP_LOG_LEVEL: 'WARN',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/ramp',
      logLevel: 'warn',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['RAMP_PORT', '70000'],
    ['RAMP_PORT', '80a'],
    ['DATABASE_URL', 'mysql://db'],
    ['RAMP_ADMIN_TOKEN', 'short'],
    ['RAMP_LOG_LEVEL', 'loud'],
    ['RAMP_WEBHOOK_URLS', 'ftp://hooks'],
    ['RAMP_PROMETHEUS_URL', 'prometheus:9090'],
  ])('names %s when it is invalid', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
