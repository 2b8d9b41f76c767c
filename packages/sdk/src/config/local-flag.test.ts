import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from './definition.js';
import { resolveLocalFlag } from './local-flag.js';
import { SharedLocalFlags } from './shared-local-flags.js';

// FeatureFlags does not keep the `flags` option: each flag declared in code keeps a reduced
// copy of its definition in its LocalFlag, which reload() resolves again with new env vars.

/** Values as code (or a file) may give them, valid or not. */
const value = fc.oneof(
  fc.constantFrom(true, false, 'yes', 'OFF', ' on ', 'maybe', '', 1, 0, 2, null),
  fc.constantFrom(10, 12.5, '12.5', '0.01', 100, 101, -1, '10.555', 'ten', Number.NaN),
  fc.constantFrom([], ['true'], {}, undefined),
  fc.double(),
  fc.string({ maxLength: 6 }),
);
const definition = fc.oneof(
  fc.record(
    {
      description: fc.string(),
      enabled: value,
      percentage: value,
      env: fc.constant({ enabled: 'CUSTOM_ON', rolloutPercentage: 'CUSTOM_PCT' }),
      bucketBy: fc.constantFrom('group', ''),
      requires: fc.constantFrom(['other'], []),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(undefined, null, true, 'x', []),
) as fc.Arbitrary<FlagDefinition | undefined>;
const envValue = fc.option(fc.constantFrom('true', 'off', 'maybe', '25', '150', ' 7.5 '), {
  nil: undefined,
});
const env = fc
  .record({ on: envValue, pct: envValue, customOn: envValue, customPct: envValue })
  .map(({ on, pct, customOn, customPct }) => {
    const vars: Record<string, string> = {};
    if (on !== undefined) vars.FLAG_ENABLED = on;
    if (pct !== undefined) vars.FLAG_ROLLOUT_PERCENTAGE = pct;
    if (customOn !== undefined) vars.CUSTOM_ON = customOn;
    if (customPct !== undefined) vars.CUSTOM_PCT = customPct;
    return vars;
  });

describe('a definition declared in code, as its LocalFlag keeps it', () => {
  it('resolves exactly as the original under any env vars (what reload() relies on)', () => {
    fc.assert(
      fc.property(definition, env, env, (original, first, later) => {
        const kept = resolveLocalFlag('flag', original, first, 'options');
        expect(kept.inCode).toBe(true);
        expect(resolveLocalFlag('flag', kept.definition, later, 'options')).toEqual(
          resolveLocalFlag('flag', original, later, 'options'),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('is kept only for flags declared in code', () => {
    const fromFile = resolveLocalFlag('flag', { enabled: true }, {}, 'file');
    expect(fromFile).toMatchObject({ inCode: false, definition: undefined });
  });

  it('drops the description and reads enabled and percentage once', () => {
    const kept = resolveLocalFlag(
      'flag',
      { description: 'long text', enabled: 'yes', percentage: '12.5' },
      {},
      'options',
    );
    expect(kept.definition).toEqual({ enabled: true, percentage: 12.5 });
  });
});

describe('SharedLocalFlags', () => {
  const resolve = (definition: FlagDefinition, env: Record<string, string> = {}) =>
    resolveLocalFlag('flag', definition, env, 'options');

  it('gives flags configured alike one frozen LocalFlag', () => {
    const shared = new SharedLocalFlags();
    const a = shared.share(resolve({ enabled: true, percentage: 10 }));
    const b = shared.share(resolve({ enabled: 'true', percentage: '10' }));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(shared.share(resolve({ enabled: true, percentage: 20 }))).not.toBe(a);
    // The same values from another place are another configuration.
    expect(
      shared.share(resolveLocalFlag('flag', { enabled: true, percentage: 10 }, {}, 'file')),
    ).not.toBe(a);
  });

  it('keeps its own LocalFlag for a flag with an error, a group, prerequisites or env names', () => {
    const shared = new SharedLocalFlags();
    for (const definition of [
      { enabled: 'maybe' },
      { enabled: true, bucketBy: 'group' },
      { enabled: true, requires: ['other'] },
      { enabled: true, env: { enabled: 'CUSTOM_ON' } },
    ]) {
      const flag = resolve(definition);
      expect(shared.share(flag)).toBe(flag);
      expect(shared.share(resolve(definition))).not.toBe(flag);
    }
  });

  it('tells apart definitions that resolve alike now but not under other env vars', () => {
    const shared = new SharedLocalFlags();
    const off = shared.share(resolve({ enabled: false }));
    const offAt10 = shared.share(resolve({ enabled: false, percentage: 10 }));
    expect(offAt10).not.toBe(off);
    const on = { FLAG_ENABLED: 'true' };
    expect(resolveLocalFlag('flag', offAt10.definition, on, 'options').percentage).toBe(10);
    expect(resolveLocalFlag('flag', off.definition, on, 'options').percentage).toBe(100);
  });
});
