import type { Flag } from '@ramp/api';
import { hashBucket } from '@ramp/sdk/engine';
import { describe, expect, it } from 'vitest';
import { explainSession } from './explain.js';

function flag(key: string, fields: Partial<Flag> = {}): Flag {
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
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    rollbackHistory: [],
    ...fields,
  };
}

const live = { active: false, reason: null, since: null };

describe('explainSession', () => {
  it('shows the hash input, bucket and decision the SDK engine computes', () => {
    const f = flag('memory_system', { percentage: 10 });
    const e = explainSession(f, { flags: new Map([[f.key, f]]), killAll: live }, '  user-42 ');
    expect(e.sessionId).toBe('user-42');
    expect(e.hashInput).toBe('memory_system:user-42');
    expect(e.bucket).toBe(hashBucket('memory_system', 'user-42'));
    expect(e.hash % 100).toBe(e.bucket);
    expect(parseInt(e.hashHex, 16)).toBe(e.hash);
    expect(e.evaluation.enabled).toBe(e.bucket < 10);
    expect(e.basisPoints).toBe(1000);
  });

  it('hashes the bucketBy group and maps blank ids to the default session', () => {
    const f = flag('b', { bucketBy: 'group' });
    const e = explainSession(f, { flags: new Map(), killAll: live }, '   ');
    expect(e.hashInput).toBe('group:default-session');
  });

  it('reports the kill switch and prerequisites like the server does', () => {
    const base = flag('base', { enabled: false });
    const child = flag('child', { percentage: 100, requires: ['base'] });
    const flags = new Map([
      [base.key, base],
      [child.key, child],
    ]);
    expect(explainSession(child, { flags, killAll: live }, 'x').evaluation.reason).toBe(
      'PREREQUISITE_OFF',
    );
    const killed = { active: true, reason: 'incident', since: '2025-01-01T00:00:00.000Z' };
    expect(explainSession(child, { flags, killAll: killed }, 'x').evaluation.reason).toBe('KILLED');
  });
});
