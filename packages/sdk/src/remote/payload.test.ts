import { describe, expect, it } from 'vitest';
import { parseChange, parseSnapshot } from './payload.js';
import { applyChange, applySnapshot } from './remote-config.js';

/** A flag exactly as the control plane sends it (every field of the contract). */
function wireFlag(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key,
    description: '',
    enabled: true,
    percentage: 50,
    bucketBy: null,
    requires: [],
    owner: null,
    permanent: false,
    archived: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    rollbackHistory: [],
    ...overrides,
  };
}

const killAll = { active: false, reason: null, since: null };

describe('parseSnapshot', () => {
  it('keeps the fields the SDK uses and leaves archived flags out', () => {
    const parsed = parseSnapshot({
      revision: 4,
      killAll,
      flags: [
        wireFlag('a', { bucketBy: 'g', requires: ['b'] }),
        wireFlag('old', { archived: true }),
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        revision: 4,
        killAll,
        flags: [{ key: 'a', enabled: true, percentage: 50, bucketBy: 'g', requires: ['b'] }],
      },
    });
  });

  it.each([
    ['not an object', 'x', 'snapshot: expected an object'],
    ['a negative revision', { revision: -1, killAll, flags: [] }, 'snapshot.revision'],
    ['a fractional revision', { revision: 1.5, killAll, flags: [] }, 'snapshot.revision'],
    ['no kill switch', { revision: 1, flags: [] }, 'snapshot.killAll'],
    [
      'a kill switch that is not boolean',
      { revision: 1, killAll: { active: 'no' }, flags: [] },
      'snapshot.killAll.active',
    ],
    ['flags not a list', { revision: 1, killAll, flags: {} }, 'snapshot.flags'],
    [
      'a percentage over 100',
      { revision: 1, killAll, flags: [wireFlag('a', { percentage: 150 })] },
      'snapshot.flags[0].percentage',
    ],
    [
      'three decimals',
      { revision: 1, killAll, flags: [wireFlag('a', { percentage: 0.001 })] },
      'snapshot.flags[0].percentage',
    ],
    [
      'enabled as text',
      { revision: 1, killAll, flags: [wireFlag('a', { enabled: 'true' })] },
      'snapshot.flags[0].enabled',
    ],
    ['an empty key', { revision: 1, killAll, flags: [wireFlag('')] }, 'snapshot.flags[0].key'],
    [
      'requires not a list',
      { revision: 1, killAll, flags: [wireFlag('a', { requires: 'b' })] },
      'snapshot.flags[0].requires',
    ],
    [
      'an empty group',
      { revision: 1, killAll, flags: [wireFlag('a', { bucketBy: '' })] },
      'snapshot.flags[0].bucketBy',
    ],
    [
      'a key listed twice',
      { revision: 1, killAll, flags: [wireFlag('a'), wireFlag('a')] },
      'snapshot.flags[1].key',
    ],
  ])('rejects %s, naming the path', (_name, data, path) => {
    const parsed = parseSnapshot(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(path);
  });
});

describe('parseChange', () => {
  it('reads upserts, deletions and the kill switch; archived upserts count as deleted', () => {
    const parsed = parseChange({
      revision: 9,
      flags: [wireFlag('a', { percentage: 10 }), wireFlag('b', { archived: true })],
      deleted: ['c'],
      killAll: { active: true, reason: 'incident', since: '2026-01-01T00:00:00.000Z' },
    });
    expect(parsed.ok && parsed.value).toEqual({
      revision: 9,
      upserts: [{ key: 'a', enabled: true, percentage: 10, bucketBy: null, requires: [] }],
      deleted: ['c', 'b'],
      killAll: { active: true, reason: 'incident', since: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('rejects the whole change when one flag is malformed', () => {
    const parsed = parseChange({
      revision: 2,
      flags: [wireFlag('good'), wireFlag('bad', { percentage: -1 })],
      deleted: [],
    });
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringContaining('change.flags[1].percentage') as string,
    });
  });
});

describe('applySnapshot and applyChange', () => {
  const snapshot = (revision: number, flags: Record<string, unknown>[], active = false) => {
    const parsed = parseSnapshot({ revision, killAll: { ...killAll, active }, flags });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };

  it('reports the keys a snapshot added, changed and removed', () => {
    const first = applySnapshot(undefined, snapshot(1, [wireFlag('a'), wireFlag('b')]));
    expect(first).toMatchObject({ changed: ['a', 'b'], initial: true, killAllChanged: false });
    const second = applySnapshot(
      first.config,
      snapshot(2, [wireFlag('b', { bucketBy: 'g' }), wireFlag('c')], true),
    );
    expect(second).toMatchObject({
      changed: ['a', 'b', 'c'],
      initial: false,
      killAllChanged: true,
    });
    expect([...second.config.flags.keys()]).toEqual(['b', 'c']);
  });

  it('applies a change on top without touching the previous config', () => {
    const base = applySnapshot(undefined, snapshot(1, [wireFlag('a'), wireFlag('b')])).config;
    const change = parseChange({
      revision: 2,
      flags: [wireFlag('a', { percentage: 50 }), wireFlag('c')],
      deleted: ['b'],
    });
    if (!change.ok) throw new Error(change.error);
    const result = applyChange(base, change.value);
    expect(result.changed).toEqual(['b', 'c']); // a was upserted unchanged
    expect(result.config.revision).toBe(2);
    expect([...result.config.flags.keys()].sort()).toEqual(['a', 'c']);
    expect([...base.flags.keys()]).toEqual(['a', 'b']);
  });
});
