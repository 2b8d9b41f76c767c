import { readFileSync } from 'node:fs';
import type { Snapshot } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { flagFixture } from '../../testing/store-contract.js';
import { evaluateSnapshot } from './evaluation.js';

interface GoldenCase {
  readonly seed: string;
  readonly sessionId: unknown;
  readonly bucket: number;
  readonly enabledAt: Record<string, boolean>;
}

const golden = JSON.parse(
  readFileSync(new URL('../../../../../spec/bucketing.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

function snapshot(flags: Snapshot['flags'], killed = false): Snapshot {
  return { revision: 7, killAll: { active: killed, reason: null, since: null }, flags };
}

describe('evaluateSnapshot', () => {
  it('matches the shared bucketing golden cases (spec/bucketing.json)', () => {
    const cases = golden.cases.filter((c) => typeof c.sessionId === 'string');
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      for (const [percentage, enabled] of Object.entries(c.enabledAt)) {
        const flag = flagFixture(c.seed, { percentage: Number(percentage) });
        const result = evaluateSnapshot(snapshot([flag]), c.sessionId as string).flags[c.seed];
        expect(result, `${c.seed} ${String(c.sessionId)} ${percentage}`).toMatchObject({
          enabled,
          bucket: c.bucket,
        });
      }
    }
  });

  it('applies the kill switch, prerequisites and bucketBy groups', () => {
    const flags = [
      flagFixture('base', { percentage: 0 }),
      flagFixture('child', { percentage: 100, requires: ['base'] }),
      flagFixture('small', { percentage: 10, bucketBy: 'group' }),
      flagFixture('large', { percentage: 50, bucketBy: 'group' }),
    ];
    const result = evaluateSnapshot(snapshot(flags), 's1');
    expect(result).toMatchObject({ sessionId: 's1', revision: 7 });
    expect(result.flags.child?.reason).toBe('PREREQUISITE_OFF');
    for (let i = 0; i < 200; i++) {
      const { flags: r } = evaluateSnapshot(snapshot(flags), `user-${i}`);
      if (r.small?.enabled === true) expect(r.large?.enabled).toBe(true);
    }
    expect(evaluateSnapshot(snapshot(flags, true), 's1').flags.child?.reason).toBe('KILLED');
  });

  it('counts the session id limit in UTF-8 bytes', () => {
    expect(() => evaluateSnapshot(snapshot([]), 'a'.repeat(1024))).not.toThrow();
    expect(() => evaluateSnapshot(snapshot([]), '€'.repeat(342))).toThrow(/^sessionId: /);
  });
});
