import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureFlags } from './feature-flags.js';
import type { FeatureFlagsOptions } from './options.js';
import { hashBucket } from './engine/index.js';

function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (m: string) => warnings.push(m) } };
}

function local(env: Record<string, string>, options: FeatureFlagsOptions = {}) {
  const { warnings, logger } = recordingLogger();
  const flags = new FeatureFlags({ env, file: false, logger, ...options });
  return { flags, warnings };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ramp-sdk-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('FeatureFlags from env vars alone', () => {
  it('reads <KEY>_ENABLED and <KEY>_ROLLOUT_PERCENTAGE', () => {
    const { flags } = local({
      MEMORY_SYSTEM_ENABLED: 'true',
      MEMORY_SYSTEM_ROLLOUT_PERCENTAGE: '10',
    });
    expect(flags.isEnabled('memory_system')).toBe(true);
    expect(flags.getRolloutPercentage('memory_system')).toBe(10);
    let enabled = 0;
    for (let i = 1; i <= 1000; i++) if (flags.shouldUse('memory_system', `session-${i}`)) enabled++;
    expect(enabled).toBe(105);
  });

  it('treats enabled without a percentage as 100 %', () => {
    const { flags } = local({ PARTY_MODE_ENABLED: 'yes' });
    expect(flags.getRolloutPercentage('party_mode')).toBe(100);
    expect(flags.shouldUse('party_mode', 'anyone')).toBe(true);
  });

  it('turns a flag on at its percentage when only the percentage is set', () => {
    const { flags } = local({ CHECKOUT_ROLLOUT_PERCENTAGE: '25' });
    expect(flags.isEnabled('checkout')).toBe(true);
    expect(flags.getRolloutPercentage('checkout')).toBe(25);
  });

  it('keeps a flag off when enabled is false whatever the percentage', () => {
    const { flags } = local({ X_ENABLED: 'off', X_ROLLOUT_PERCENTAGE: '50' });
    expect(flags.isEnabled('x')).toBe(false);
    expect(flags.shouldUse('x', 's')).toBe(false);
    expect(flags.getStatus('x')).toMatchObject({
      enabled: false,
      rolloutPercentage: 0,
      source: 'env',
    });
  });

  it.each(['true', 'TRUE', '1', 'yes', 'On', ' on '])('accepts %j as on', (value) => {
    expect(local({ F_ENABLED: value }).flags.isEnabled('f')).toBe(true);
  });

  it.each(['false', 'False', '0', 'no', 'OFF'])('accepts %j as off', (value) => {
    expect(local({ F_ENABLED: value }).flags.isEnabled('f')).toBe(false);
  });

  it('derives env names by upper-casing and replacing runs of other characters with _', () => {
    const { flags } = local({ NEW_CHECKOUT_V2_ENABLED: 'true' });
    expect(flags.isEnabled('new-checkout.v2')).toBe(true);
  });

  it('supports fine percentages to 0.01 %', () => {
    const { flags } = local({ F_ROLLOUT_PERCENTAGE: '0.5' });
    let enabled = 0;
    for (let i = 0; i < 100_000; i++) if (flags.shouldUse('f', `s${i}`)) enabled++;
    expect(enabled / 100_000).toBeGreaterThan(0.004);
    expect(enabled / 100_000).toBeLessThan(0.006);
  });

  it('lists no flag for a name that no flag key maps to (A__B: the key a__b reads A_B_ENABLED)', () => {
    const { flags } = local({ A__B_ENABLED: 'true', __PROTO___ENABLED: 'true', C_ENABLED: 'on' });
    expect(flags.getAllStatus()).toEqual({
      c: { enabled: true, rolloutPercentage: 100, rollbackHistory: [], source: 'env' },
    });
    expect(flags.isEnabled('a__b')).toBe(false);
  });

  it('lists env-only flags in getAllStatus', () => {
    const { flags } = local({
      MEMORY_SYSTEM_ENABLED: 'true',
      PATH: '/bin',
      RAMP_KILL_ALL: 'false',
    });
    expect(Object.keys(flags.getAllStatus())).toEqual(['memory_system']);
  });
});

describe('bad values fail safe', () => {
  it.each([
    [{ F_ENABLED: 'maybe' }, 'F_ENABLED: expected true/false/1/0/yes/no/on/off, got "maybe"'],
    [{ F_ROLLOUT_PERCENTAGE: '150' }, 'F_ROLLOUT_PERCENTAGE: expected a percentage from 0 to 100'],
    [{ F_ROLLOUT_PERCENTAGE: '10.555' }, 'at most two decimals'],
    [{ F_ROLLOUT_PERCENTAGE: 'ten' }, 'got "ten"'],
    [{ F_ENABLED: 'true', F_ROLLOUT_PERCENTAGE: '-1' }, 'got "-1"'],
  ])('%j: the flag is off, its status carries the error, one warning', (env, text) => {
    const { flags, warnings } = local(env);
    expect(flags.shouldUse('f', 'session')).toBe(false);
    expect(flags.isEnabled('f')).toBe(false);
    expect(flags.getStatus('f').error).toContain(text);
    expect(flags.getStatus('f').enabled).toBe(false);
    flags.shouldUse('f', 'again');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(text);
  });

  it('never throws on strange session ids, and treats blank ones as the default session', () => {
    const { flags } = local({ F_ROLLOUT_PERCENTAGE: '50' });
    const throwing = {
      toString() {
        throw new Error('no');
      },
    };
    for (const id of [
      undefined,
      null,
      '',
      '   ',
      0,
      NaN,
      {},
      [],
      Symbol('s'),
      throwing,
      'x'.repeat(1e5),
    ]) {
      expect(() => flags.shouldUse('f', id)).not.toThrow();
    }
    expect(flags.shouldUse('f', '  ')).toBe(flags.shouldUse('f', 'default-session'));
    expect(flags.shouldUse('f', null)).toBe(hashBucket('f', 'default-session') < 50);
  });

  it('answers false for unknown flags and keys that are not strings', () => {
    const { flags } = local({});
    expect(flags.shouldUse('nope', 's')).toBe(false);
    expect(flags.shouldUse(42 as unknown as string, 's')).toBe(false);
    expect(flags.getStatus('nope')).toEqual({
      enabled: false,
      rolloutPercentage: 0,
      rollbackHistory: [],
      source: 'none',
    });
  });
});

describe('kill switch and rollback', () => {
  it('RAMP_KILL_ALL turns every flag off', () => {
    const { flags } = local({
      A_ENABLED: 'true',
      B_ROLLOUT_PERCENTAGE: '100',
      RAMP_KILL_ALL: 'true',
    });
    expect(flags.shouldUse('a', 's')).toBe(false);
    expect(flags.isEnabled('b')).toBe(false);
    expect(flags.evaluate('a', 's').reason).toBe('KILLED');
    expect(flags.getAllStatus()).toMatchObject({ a: { enabled: false }, b: { enabled: false } });
  });

  it('an unreadable RAMP_KILL_ALL counts as pulled, with a warning', () => {
    const { flags, warnings } = local({ A_ENABLED: 'true', RAMP_KILL_ALL: 'kinda' });
    expect(flags.isEnabled('a')).toBe(false);
    expect(warnings.join('\n')).toContain('RAMP_KILL_ALL');
  });

  it('rollback turns the flag off in this process and records when and why', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    const { flags, warnings } = local({ M_ENABLED: 'true' }, { now: () => now });
    flags.rollback('m', 'p95 latency above 500 ms for 10 minutes');
    expect(flags.isEnabled('m')).toBe(false);
    expect(flags.shouldUse('m', 'anyone')).toBe(false);
    expect(flags.evaluate('m', 'anyone').reason).toBe('ROLLED_BACK');
    expect(flags.getStatus('m')).toEqual({
      enabled: false,
      rolloutPercentage: 0,
      source: 'env',
      rollbackHistory: [
        {
          timestamp: '2026-11-21T10:00:00.000Z',
          reason: 'p95 latency above 500 ms for 10 minutes',
        },
      ],
    });
    expect(warnings).toEqual(['rollback of "m": p95 latency above 500 ms for 10 minutes']);
    flags.reload();
    expect(flags.isEnabled('m')).toBe(false);
  });

  it('a rollback takes effect for the very next call, however often the flag was asked before', () => {
    const { flags } = local({ M_ENABLED: 'true' });
    for (let i = 0; i < 10; i++) expect(flags.shouldUse('m', `s${i}`)).toBe(true);
    flags.rollback('m', 'errors');
    expect(flags.shouldUse('m', 's0')).toBe(false);
    flags.reload();
    expect(flags.shouldUse('m', 's0')).toBe(false);
  });

  it('refuses a rollback without a reason', () => {
    const { flags } = local({ M_ENABLED: 'true' });
    expect(() => flags.rollback('m', '  ')).toThrow(/reason is required/);
    expect(flags.isEnabled('m')).toBe(true);
  });
});

describe('flags file', () => {
  const file = {
    flags: {
      memory_system: {
        description: 'New memory system',
        env: { enabled: 'MEMORY_SYSTEM_ENABLED', rolloutPercentage: 'MEMORY_ROLLOUT_PERCENTAGE' },
      },
      party_mode: { enabled: true, percentage: 20 },
    },
  };

  it('reads ramp.flags.json from the working directory, env winning over the file', () => {
    const cwd = tempDir({ 'ramp.flags.json': JSON.stringify(file) });
    const env = {
      MEMORY_SYSTEM_ENABLED: 'true',
      MEMORY_ROLLOUT_PERCENTAGE: '30',
      PARTY_MODE_ROLLOUT_PERCENTAGE: '5',
    };
    const flags = new FeatureFlags({ env, cwd, logger: recordingLogger().logger });
    expect(flags.getStatus('memory_system')).toMatchObject({
      enabled: true,
      rolloutPercentage: 30,
      source: 'env',
    });
    expect(flags.getStatus('party_mode')).toMatchObject({
      enabled: true,
      rolloutPercentage: 5,
      source: 'env',
    });
    // The custom env name is claimed by memory_system, not discovered as a flag "memory".
    expect(Object.keys(flags.getAllStatus())).toEqual(['memory_system', 'party_mode']);
  });

  it('reads YAML through the yaml package', () => {
    const cwd = tempDir({
      'ramp.flags.yaml': 'flags:\n  party_mode:\n    enabled: "on"\n    percentage: 12.5\n',
    });
    const flags = new FeatureFlags({ env: {}, cwd });
    expect(flags.getStatus('party_mode')).toMatchObject({
      enabled: true,
      rolloutPercentage: 12.5,
      source: 'file',
    });
  });

  it('follows RAMP_CONFIG', () => {
    const dir = tempDir({ 'custom.json': JSON.stringify(file) });
    const flags = new FeatureFlags({
      env: { RAMP_CONFIG: join(dir, 'custom.json') },
      cwd: tmpdir(),
    });
    expect(flags.getRolloutPercentage('party_mode')).toBe(20);
  });

  it('throws at once, naming the problem, for a bad file given as an option', () => {
    const cwd = tempDir({ 'bad.json': '{"flags":{"a":{"requires":"b","colour":1}}}' });
    expect(() => new FeatureFlags({ env: {}, cwd, file: 'bad.json' })).toThrow(
      /bad\.json: flags\.a\.colour: unknown field; flags\.a\.requires: expected a list of flag keys/,
    );
  });

  it('warns and carries on when the conventional file is broken', () => {
    const cwd = tempDir({ 'ramp.flags.json': '{ not json' });
    const { warnings, logger } = recordingLogger();
    const flags = new FeatureFlags({ env: { A_ENABLED: 'true' }, cwd, logger });
    expect(flags.isEnabled('a')).toBe(true);
    expect(warnings[0]).toMatch(/cannot parse flags file .*ramp\.flags\.json/);
  });

  it("reads enabled written as a number; a value of another type is the flag's error, not a crash", () => {
    const file = {
      flags: { one: { enabled: 1 }, zero: { enabled: 0, percentage: 50 }, nil: { enabled: null } },
    };
    const cwd = tempDir({ 'ramp.flags.json': JSON.stringify(file) });
    const { warnings, logger } = recordingLogger();
    const flags = new FeatureFlags({ env: {}, cwd, logger });
    expect(flags.isEnabled('one')).toBe(true);
    expect(flags.isEnabled('zero')).toBe(false);
    expect(flags.getStatus('nil')).toMatchObject({
      enabled: false,
      error: 'enabled: expected a string, number or boolean, got null',
    });
    expect(warnings).toEqual([
      'flag "nil" is off: enabled: expected a string, number or boolean, got null',
    ]);
  });

  it('lists a flag named __proto__ like any other', () => {
    const cwd = tempDir({ 'ramp.flags.json': '{"flags":{"__proto__":{"enabled":true}}}' });
    const flags = new FeatureFlags({ env: {}, cwd, flags: { other: { enabled: false } } });
    const all = flags.getAllStatus();
    expect(Object.keys(all)).toEqual(['__proto__', 'other']);
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(all['__proto__']).toMatchObject({ enabled: true, source: 'file' });
  });

  it("reports a bad value in the file as the flag's error", () => {
    const cwd = tempDir({ 'ramp.flags.json': '{"flags":{"a":{"percentage":"lots"}}}' });
    const { warnings, logger } = recordingLogger();
    const flags = new FeatureFlags({ env: {}, cwd, logger });
    expect(flags.getStatus('a')).toMatchObject({
      enabled: false,
      error: expect.stringContaining('percentage'),
    });
    expect(warnings).toHaveLength(1);
  });
});

describe('nesting and prerequisites', () => {
  it('nests a smaller rollout inside a larger one of the same bucketBy group', () => {
    const { flags } = local(
      {},
      {
        flags: {
          tiers: { enabled: true, percentage: 10, bucketBy: 'memory' },
          injection: { enabled: true, percentage: 50, bucketBy: 'memory' },
        },
      },
    );
    for (let i = 0; i < 5000; i++) {
      if (flags.shouldUse('tiers', `s${i}`))
        expect(flags.shouldUse('injection', `s${i}`)).toBe(true);
    }
  });

  it('keeps a flag off for a session whenever a flag it requires is off for it', () => {
    const { flags } = local(
      {},
      {
        flags: {
          base: { enabled: true, percentage: 30 },
          addon: { enabled: true, percentage: 100, requires: ['base'] },
        },
      },
    );
    for (let i = 0; i < 2000; i++) {
      expect(flags.shouldUse('addon', `s${i}`)).toBe(flags.shouldUse('base', `s${i}`));
    }
    expect(flags.evaluate('addon', 's-off').reason).toBe(
      flags.shouldUse('base', 's-off') ? 'FULL_ROLLOUT' : 'PREREQUISITE_OFF',
    );
  });

  it('treats a requires cycle as off, without looping forever', () => {
    const { flags } = local(
      {},
      {
        flags: { a: { enabled: true, requires: ['b'] }, b: { enabled: true, requires: ['a'] } },
      },
    );
    expect(flags.shouldUse('a', 's')).toBe(false);
    expect(flags.evaluate('a', 's').enabled).toBe(false);
  });
});

describe('options', () => {
  it.each([
    [{ env: 'x' }, 'option "env"'],
    [{ file: 3 }, 'option "file"'],
    [{ logger: {} }, 'option "logger"'],
    [{ cacheSize: 0 }, 'option "cacheSize"'],
    [{ now: 'today' }, 'option "now"'],
  ])('%j throws, naming the option', (options, text) => {
    expect(() => new FeatureFlags(options as unknown as FeatureFlagsOptions)).toThrow(text);
  });

  it('uses the injected clock and logger', () => {
    const { flags, warnings } = local({ A_ENABLED: 'true' }, { now: () => 0 });
    flags.rollback('a', 'test');
    expect(flags.getStatus('a').rollbackHistory[0]?.timestamp).toBe('1970-01-01T00:00:00.000Z');
    expect(warnings).toHaveLength(1);
  });
});
