import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from './config/definition.js';
import { FeatureFlags } from './feature-flags.js';

// reload() re-reads env vars and the flags file. Flags declared in code are read once by the
// constructor (the options object is not kept) and re-read their env vars on every reload.

function build(env: Record<string, string>, flags: Record<string, FlagDefinition>, cwd?: string) {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const options = cwd === undefined ? { file: false as const } : { cwd };
  return { flags: new FeatureFlags({ env, logger, flags, ...options }), warnings };
}

describe('reload() with flags declared in code', () => {
  it('re-reads their env vars, and falls back to the code values when the env vars go', () => {
    const env: Record<string, string> = {};
    const { flags } = build(env, {
      dark: { enabled: false, percentage: 10 },
      tiers: { enabled: true, percentage: 30 },
    });
    expect(flags.getStatus('dark')).toMatchObject({ enabled: false, source: 'options' });
    expect(flags.getRolloutPercentage('tiers')).toBe(30);

    env.DARK_ENABLED = 'true';
    env.TIERS_ROLLOUT_PERCENTAGE = '5';
    flags.reload();
    expect(flags.getStatus('dark')).toMatchObject({ rolloutPercentage: 10, source: 'env' });
    expect(flags.getStatus('tiers')).toMatchObject({ rolloutPercentage: 5, source: 'env' });

    delete env.DARK_ENABLED;
    delete env.TIERS_ROLLOUT_PERCENTAGE;
    flags.reload();
    expect(flags.getStatus('dark')).toMatchObject({ enabled: false, source: 'options' });
    expect(flags.getStatus('tiers')).toMatchObject({ rolloutPercentage: 30, source: 'options' });
  });

  it('keeps their custom env names, bucketBy group and prerequisites', () => {
    const env: Record<string, string> = {};
    const { flags } = build(env, {
      base: { enabled: true, percentage: 40, env: { rolloutPercentage: 'BASE_SHARE' } },
      addon: { enabled: true, percentage: 40, bucketBy: 'grp', requires: ['base'] },
      twin: { enabled: true, percentage: 40, bucketBy: 'grp' },
    });
    env.BASE_SHARE = '100';
    flags.reload();
    expect(flags.getRolloutPercentage('base')).toBe(100);
    expect(Object.keys(flags.getAllStatus())).toEqual(['addon', 'base', 'twin']);
    for (let i = 0; i < 500; i++) {
      expect(flags.shouldUse('addon', `s${i}`)).toBe(flags.shouldUse('twin', `s${i}`));
    }
    env.BASE_SHARE = '0';
    flags.reload();
    for (let i = 0; i < 50; i++) expect(flags.shouldUse('addon', `s${i}`)).toBe(false);
    expect(flags.evaluate('addon', 's1').reason).toBe('PREREQUISITE_OFF');
  });

  it('reads the options object once: later changes to it are not seen', () => {
    const definitions: Record<string, FlagDefinition> = { a: { enabled: true } };
    const { flags } = build({}, definitions);
    definitions.b = { enabled: true };
    (definitions as { a: FlagDefinition }).a = { enabled: false };
    flags.reload();
    expect(flags.isEnabled('a')).toBe(true);
    expect(flags.isEnabled('b')).toBe(false);
  });

  it('gives a bad value its error again, until the env var that replaces it is set', () => {
    const env: Record<string, string> = {};
    const { flags, warnings } = build(env, { a: { enabled: 'maybe', percentage: 20 } });
    expect(flags.getStatus('a').error).toMatch(/^enabled: .*"maybe"/);
    flags.reload();
    expect(flags.getStatus('a').error).toMatch(/^enabled: .*"maybe"/);
    env.A_ENABLED = 'yes';
    flags.reload();
    expect(flags.getStatus('a')).toEqual({
      enabled: true,
      rolloutPercentage: 20,
      rollbackHistory: [],
      source: 'env',
    });
    expect(warnings).toHaveLength(1);
  });

  it('still lets them win over the flags file, which is re-read', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ramp-reload-'));
    const write = (flags: object) =>
      writeFileSync(join(cwd, 'ramp.flags.json'), JSON.stringify({ flags }));
    write({ shared: { enabled: true, percentage: 90 }, filed: { enabled: true } });
    const { flags } = build({}, { shared: { enabled: true, percentage: 15 } }, cwd);
    expect(flags.getStatus('shared')).toMatchObject({ rolloutPercentage: 15, source: 'options' });
    write({ shared: { enabled: false }, filed: { percentage: 35 } });
    flags.reload();
    expect(flags.getStatus('shared')).toMatchObject({ rolloutPercentage: 15, source: 'options' });
    expect(flags.getStatus('filed')).toMatchObject({ rolloutPercentage: 35, source: 'file' });
  });

  it('lists a flag named __proto__ declared in code after a reload as well', () => {
    const definitions = JSON.parse('{"__proto__":{"enabled":true}}') as Record<
      string,
      FlagDefinition
    >;
    const { flags } = build({}, definitions);
    flags.reload();
    expect(Object.keys(flags.getAllStatus())).toEqual(['__proto__']);
    expect(flags.isEnabled('__proto__')).toBe(true);
  });
});
