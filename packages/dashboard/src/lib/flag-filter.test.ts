import type { Flag } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { filterFlags } from './flag-filter.js';

const flag = (key: string, fields: Partial<Flag>) =>
  ({
    key,
    description: '',
    owner: null,
    enabled: true,
    percentage: 100,
    rollbackHistory: [],
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...fields,
  }) as Flag;

describe('filterFlags', () => {
  const killAll = { active: false, reason: null, since: null };
  const flags = [
    flag('memory_system', { percentage: 10, owner: 'team-memory' }),
    flag('checkout', { description: 'New checkout page' }),
    flag('old', { enabled: false }),
  ];
  const keys = (query: string, state: Parameters<typeof filterFlags>[1]['state']) =>
    filterFlags(flags, { query, state }, killAll).map((f) => f.key);

  it('matches every word in key, description or owner, ignoring case', () => {
    expect(keys('MEMORY', 'all')).toEqual(['memory_system']);
    expect(keys('new page', 'all')).toEqual(['checkout']);
    expect(keys('team-memory', 'all')).toEqual(['memory_system']);
    expect(keys('', 'all')).toHaveLength(3);
  });

  it('filters by state', () => {
    expect(keys('', 'rolling-out')).toEqual(['memory_system']);
    expect(keys('', 'off')).toEqual(['old']);
    expect(keys('', 'on')).toEqual(['checkout']);
    const killed = { active: true, reason: 'x', since: null };
    expect(filterFlags(flags, { query: '', state: 'killed' }, killed)).toHaveLength(3);
  });
});
