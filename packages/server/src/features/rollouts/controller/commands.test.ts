import { describe, expect, it } from 'vitest';
import { planFromObject } from '../plan/parse-plan.js';
import type { Plan } from '../plan/plan.js';
import { approve, confirmReadiness, hold, resume, rollback } from './commands.js';
import type { CommandResult } from './outcome.js';
import { initialState, type RunState } from './state.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);

const plan = ((): Plan => {
  const result = planFromObject({
    name: 'commands',
    flags: [{ key: 'a' }, { key: 'b' }],
    readiness: [
      { id: 'runbook', item: 'Runbook reviewed', owner: 'ops' },
      { id: 'alerts', item: 'Alerts route to on-call', owner: 'sre' },
    ],
    phases: [
      { name: 'one', approvals: { required: 1 }, percentages: { a: 10 }, bake: '1h' },
      {
        name: 'two',
        approvals: { required: 2, approvers: ['alice', 'bob', 'carol'] },
        percentages: { a: 50, b: 20 },
        bake: '1h',
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
})();

function ok(result: CommandResult): RunState {
  if (!result.ok) throw new Error(result.error.message);
  return result.outcome.nextState;
}

const running: RunState = {
  status: 'running',
  plan: 'commands',
  since: T0,
  percentages: { a: 10, b: 0 },
  confirmations: [],
  startedAt: T0,
  observeFrom: T0,
  at: { phase: 0, step: 0, stepStartedAt: T0, phaseStartedAt: T0 },
  holds: 1,
};

const awaitingTwo: RunState = {
  ...running,
  status: 'awaiting-approval',
  nextPhase: 1,
  approvals: [],
};

describe('confirmReadiness', () => {
  it('records who confirmed which item, once', () => {
    const first = confirmReadiness(
      plan,
      initialState(plan, T0),
      { item: 'runbook', name: ' Ops ' },
      T0 + MINUTE,
    );
    expect(first.ok && first.outcome).toMatchObject({
      decision: 'CONFIRM',
      actor: 'Ops',
      summary: expect.stringContaining('(1 of 2)'),
    });
    const state = ok(first);
    expect(state.confirmations).toEqual([{ item: 'runbook', name: 'Ops', at: T0 + MINUTE }]);
    expect(confirmReadiness(plan, state, { item: 'runbook', name: 'x' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(confirmReadiness(plan, state, { item: 'nope', name: 'x' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(confirmReadiness(plan, state, { item: 'alerts', name: '  ' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(confirmReadiness(plan, running, { item: 'alerts', name: 'sre' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
  });
});

describe('approve', () => {
  it('needs a name and a rationale, from the listed approvers, each once', () => {
    expect(approve(plan, awaitingTwo, { name: 'alice', rationale: ' ' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('rationale') },
    });
    expect(approve(plan, awaitingTwo, { name: 'mallory', rationale: 'yes' }, T0)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('approvers are alice, bob, carol') },
    });
    const once = ok(approve(plan, awaitingTwo, { name: 'alice', rationale: 'canary clean' }, T0));
    expect(once).toMatchObject({
      status: 'awaiting-approval',
      approvals: [{ name: 'alice', rationale: 'canary clean' }],
    });
    expect(approve(plan, once, { name: 'alice', rationale: 'again' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(approve(plan, running, { name: 'alice', rationale: 'x' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
  });

  it('the last approval needed starts the phase', () => {
    const once = ok(approve(plan, awaitingTwo, { name: 'alice', rationale: 'canary clean' }, T0));
    const result = approve(plan, once, { name: 'bob', rationale: 'agreed' }, T0 + MINUTE);
    expect(result.ok && result.outcome).toMatchObject({
      decision: 'APPROVE',
      actor: 'bob',
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 10, to: 50 },
        { kind: 'set-percentage', flag: 'b', from: 0, to: 20 },
      ],
      nextState: {
        status: 'running',
        at: { phase: 1, step: 0, stepStartedAt: T0 + MINUTE, phaseStartedAt: T0 + MINUTE },
        holds: 0,
      },
    });
    expect(result.ok && result.outcome.evidence.map((e) => e.text)).toEqual([
      'alice: canary clean',
      'bob: agreed',
    ]);
  });

  it('approving the first phase starts the run', () => {
    const awaitingOne: RunState = {
      ...initialState(plan, T0),
      status: 'awaiting-approval',
      at: null,
      nextPhase: 0,
      approvals: [],
    };
    expect(
      ok(approve(plan, awaitingOne, { name: 'anyone', rationale: 'go' }, T0 + 5 * MINUTE)),
    ).toMatchObject({
      status: 'running',
      percentages: { a: 10, b: 0 },
      startedAt: T0 + 5 * MINUTE,
      observeFrom: T0 + 5 * MINUTE,
    });
  });
});

describe('hold and resume', () => {
  it('a person holds a running run until someone resumes it; the step starts again', () => {
    const held = ok(
      hold(plan, running, { actor: 'alice', reason: 'a customer escalation' }, T0 + 10 * MINUTE),
    );
    expect(held).toMatchObject({
      status: 'held',
      until: null,
      by: 'alice',
      reason: 'a customer escalation',
      percentages: { a: 10, b: 0 },
    });
    expect(hold(plan, awaitingTwo, { actor: 'alice', reason: 'x' }, T0)).toMatchObject({
      ok: false,
    });
    const resumed = resume(plan, held, { actor: 'bob', reason: 'resolved' }, T0 + 40 * MINUTE);
    expect(resumed.ok && resumed.outcome).toMatchObject({
      decision: 'RESUME',
      actor: 'bob',
      // Every flag is set to the run's percentages (a no-op where a flag is already there).
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 10, to: 10 },
        { kind: 'set-percentage', flag: 'b', from: 0, to: 0 },
      ],
      nextState: {
        status: 'running',
        holds: 0,
        observeFrom: T0 + 40 * MINUTE,
        at: { stepStartedAt: T0 + 40 * MINUTE, phaseStartedAt: T0 },
      },
    });
    expect(resume(plan, running, { actor: 'bob' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
  });
});

describe('rollback', () => {
  it('lands every flag at the target and names who and why', () => {
    const wide: RunState = {
      ...running,
      percentages: { a: 50, b: 20 },
      at: { ...running.at, phase: 1 },
    };
    const result = rollback(plan, wide, { actor: 'carol', reason: 'support tickets' }, T0);
    expect(result.ok && result.outcome).toMatchObject({
      decision: 'ROLLBACK',
      actor: 'carol',
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 50, to: 0 },
        { kind: 'set-percentage', flag: 'b', from: 20, to: 0 },
        { kind: 'notify' },
      ],
      nextState: { status: 'rolled-back', by: 'carol', reason: 'support tickets' },
    });
    expect(
      ok(rollback(plan, wide, { actor: 'c', reason: 'r', to: { kind: 'previous' } }, T0))
        .percentages,
    ).toEqual({ a: 10, b: 0 });
    expect(
      ok(
        rollback(
          plan,
          wide,
          { actor: 'c', reason: 'r', to: { kind: 'percentage', value: 30 } },
          T0,
        ),
      ).percentages,
    ).toEqual({ a: 30, b: 20 });
  });

  it('refuses when there is nothing to roll back', () => {
    expect(rollback(plan, initialState(plan, T0), { actor: 'c', reason: 'r' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(rollback(plan, running, { actor: 'c', reason: '' }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
