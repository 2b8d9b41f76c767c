import { describe, expect, it } from 'vitest';
import { pauseOnOutsideChanges } from './outside-changes.js';
import type { RunState } from './state.js';

const T0 = Date.UTC(2026, 0, 1);
const base = {
  plan: 'checkout-rollout',
  since: T0,
  confirmations: [],
  startedAt: T0,
  observeFrom: T0,
  percentages: { checkout: 25, search: 10 },
};
const running = {
  ...base,
  status: 'running',
  at: { phase: 0, step: 1, stepStartedAt: T0, phaseStartedAt: T0 },
  holds: 0,
} as unknown as RunState;
const live = (percentages: Record<string, number>, killAll = false) => ({
  killAll,
  percentages: new Map(Object.entries(percentages)),
});

describe('pauseOnOutsideChanges', () => {
  it('leaves a run alone while its flags serve what it set', () => {
    expect(pauseOnOutsideChanges(running, live({ checkout: 25, search: 10 }), T0)).toBeNull();
  });

  it('pauses a run when a flag was rolled back, changed or archived outside it', () => {
    const paused = pauseOnOutsideChanges(running, live({ checkout: 5 }), T0 + 1);
    expect(paused).toMatchObject({
      decision: 'PAUSE',
      actor: 'controller',
      actions: [{ kind: 'notify' }],
      nextState: { status: 'paused', by: 'controller' },
    });
    expect(paused?.evidence.map((e) => [e.flag, e.value, e.threshold, e.verdict])).toEqual([
      ['checkout', 5, 25, 'fail'],
      ['search', 0, 10, 'fail'],
    ]);
    expect(paused?.summary).toMatch(/checkout serves 5 % but the plan set 25 % \(changed outside/);
  });

  it('pauses every running run when the kill switch is pulled', () => {
    const paused = pauseOnOutsideChanges(running, live({ checkout: 25, search: 10 }, true), T0);
    expect(paused?.summary).toMatch(/the kill switch is pulled/);
  });

  it('does not touch runs that are not moving flags', () => {
    for (const status of ['pending', 'paused', 'completed', 'rolled-back'] as const) {
      const state = { ...running, status } as unknown as RunState;
      expect(pauseOnOutsideChanges(state, live({}), T0)).toBeNull();
    }
  });
});
