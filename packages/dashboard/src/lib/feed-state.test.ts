import type { Flag } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { applyChange, applySnapshot, sortedFlags } from './feed-state.js';

const flag = (key: string, version = 1) => ({ key, version }) as Flag;
const killAll = { active: false, reason: null, since: null };

describe('feed state', () => {
  it('upserts, drops archived keys and follows the kill switch', () => {
    let state = applySnapshot({ revision: 5, killAll, flags: [flag('b'), flag('a')] });
    state = applyChange(state, { revision: 6, flags: [flag('a', 2), flag('c')], deleted: ['b'] });
    expect(sortedFlags(state).map((f) => [f.key, f.version])).toEqual([
      ['a', 2],
      ['c', 1],
    ]);
    const on = { active: true, reason: 'incident', since: '2025-01-01T00:00:00.000Z' };
    state = applyChange(state, { revision: 7, flags: [], deleted: [], killAll: on });
    expect(state.killAll).toEqual(on);
    expect(state.revision).toBe(7);
  });

  it('ignores changes it already has (replays after a reconnect)', () => {
    const state = applySnapshot({ revision: 5, killAll, flags: [flag('a', 3)] });
    expect(applyChange(state, { revision: 5, flags: [flag('a', 1)], deleted: [] })).toBe(state);
  });
});
