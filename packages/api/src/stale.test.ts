import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_DAYS, staleFlags, type StaleCandidate } from './stale.js';

const NOW = Date.parse('2025-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

function flag(key: string, fields: Partial<StaleCandidate>): StaleCandidate {
  return {
    key,
    enabled: true,
    percentage: 100,
    updatedAt: daysAgo(40),
    permanent: false,
    archived: false,
    ...fields,
  };
}

describe('staleFlags', () => {
  it('lists flags fully on or fully off whose last change is old enough, oldest first', () => {
    const flags = [
      flag('done', { percentage: 100, updatedAt: daysAgo(40) }),
      flag('lost', { percentage: 0, updatedAt: daysAgo(90) }),
      flag('switched_off', { enabled: false, percentage: 50, updatedAt: daysAgo(31) }),
      flag('ramping', { percentage: 50, updatedAt: daysAgo(200) }),
      flag('recent', { percentage: 100, updatedAt: daysAgo(29) }),
    ];
    expect(staleFlags(flags, { now: NOW }).map((s) => [s.flag.key, s.kind, s.ageDays])).toEqual([
      ['lost', 'fully-off', 90],
      ['done', 'fully-on', 40],
      ['switched_off', 'fully-off', 31],
    ]);
  });

  it('uses the chosen age, counting a flag exactly that old as stale', () => {
    const flags = [flag('a', { updatedAt: daysAgo(7) }), flag('b', { updatedAt: daysAgo(6.9) })];
    expect(staleFlags(flags, { now: NOW, olderThanDays: 7 }).map((s) => s.flag.key)).toEqual(['a']);
    expect(DEFAULT_STALE_DAYS).toBe(30);
  });

  it('never lists permanent or archived flags, or flags with an unreadable date', () => {
    const flags = [
      flag('kill_switch', { permanent: true }),
      flag('gone', { archived: true }),
      flag('broken', { updatedAt: 'yesterday' }),
    ];
    expect(staleFlags(flags, { now: NOW })).toEqual([]);
  });

  it('keeps the caller’s flag objects, so extra fields come back untouched', () => {
    const full = { ...flag('done', {}), owner: 'team-a' };
    expect(staleFlags([full], { now: NOW })[0]?.flag).toBe(full);
  });
});
