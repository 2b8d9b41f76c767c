import { describe, expect, it } from 'vitest';
import { flagFixture } from '../../testing/store-contract.js';
import { applyPatch, checkVersion, newFlag, rollBack } from './flag-rules.js';

const NOW = '2026-02-01T00:00:00.000Z';

describe('newFlag', () => {
  it('defaults to off at 0 %, or 100 % when enabled without a percentage', () => {
    expect(newFlag({ key: 'a' }, NOW)).toMatchObject({ enabled: false, percentage: 0, version: 1 });
    expect(newFlag({ key: 'a', enabled: true }, NOW)).toMatchObject({
      enabled: true,
      percentage: 100,
    });
    expect(newFlag({ key: 'a', requires: ['b', 'b'] }, NOW).requires).toEqual(['b']);
  });

  it('refuses more than two decimals', () => {
    expect(() => newFlag({ key: 'a', percentage: 0.001 }, NOW)).toThrow(
      'percentage: expected a number from 0 to 100 with at most two decimals',
    );
  });
});

describe('applyPatch', () => {
  it('bumps the version when something changes, and returns undefined otherwise', () => {
    const flag = flagFixture('a');
    expect(applyPatch(flag, { percentage: 20 }, NOW)).toMatchObject({
      percentage: 20,
      version: 2,
      updatedAt: NOW,
    });
    expect(applyPatch(flag, { percentage: 10, enabled: true }, NOW)).toBeUndefined();
    expect(applyPatch(flag, { bucketBy: null }, NOW)).toBeUndefined();
    expect(applyPatch(flag, { owner: 'x' }, NOW)?.owner).toBe('x');
  });
});

describe('rollBack', () => {
  it('goes fully off without `to`, recording from and to', () => {
    const rolled = rollBack(
      flagFixture('a', { percentage: 40 }),
      { reason: ' errors ' },
      'ops',
      NOW,
    );
    expect(rolled).toMatchObject({ enabled: false, percentage: 0, version: 2 });
    expect(rolled.rollbackHistory).toEqual([
      { timestamp: NOW, reason: 'errors', actor: 'ops', from: 40, to: 0 },
    ]);
  });

  it('goes to a lower percentage only', () => {
    const flag = flagFixture('a', { percentage: 40 });
    expect(rollBack(flag, { reason: 'r', to: 12.5 }, 'ops', NOW)).toMatchObject({
      enabled: true,
      percentage: 12.5,
    });
    expect(() => rollBack(flag, { reason: 'r', to: 40 }, 'ops', NOW)).toThrow(
      /^to: expected a percentage lower/,
    );
    expect(() =>
      rollBack(flagFixture('a', { enabled: false }), { reason: 'r', to: 5 }, 'ops', NOW),
    ).toThrow(/^to: /);
    expect(() => rollBack(flag, { reason: '\t' }, 'ops', NOW)).toThrow('reason: must not be blank');
  });
});

describe('checkVersion', () => {
  it('passes without a version or with the current one', () => {
    expect(() => checkVersion(flagFixture('a', { version: 3 }), undefined)).not.toThrow();
    expect(() => checkVersion(flagFixture('a', { version: 3 }), 3)).not.toThrow();
    expect(() => checkVersion(flagFixture('a', { version: 3 }), 2)).toThrow(/version 3, not 2/);
  });
});
