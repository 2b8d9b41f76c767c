import { describe, expect, it } from 'vitest';
import { actionLabel, changeSummary } from './audit-summary.js';

describe('changeSummary', () => {
  it('says what a flag event changed', () => {
    const on = (percentage: number) => ({ enabled: true, percentage });
    expect(changeSummary({ before: on(10), after: on(25) })).toBe('10% → 25%');
    expect(changeSummary({ before: on(25), after: { enabled: false, percentage: 0 } })).toBe(
      '25% → off',
    );
    expect(changeSummary({ before: null, after: on(10) })).toBe('at 10%');
    expect(changeSummary({ before: null, after: { enabled: false, percentage: 5 } })).toBe(
      'off (set to 5%)',
    );
  });

  it('says nothing for events without flag states', () => {
    expect(changeSummary({ before: { active: false }, after: { active: true } })).toBeUndefined();
    expect(actionLabel('flag.rollback')).toBe('Rolled back');
    expect(actionLabel('plan.decision')).toBe('plan.decision');
  });
});
