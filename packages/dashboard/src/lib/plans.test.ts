import { describe, expect, it } from 'vitest';
import {
  countdownTarget,
  formatCountdown,
  formatDuration,
  readPlan,
  readPlanList,
  timelinePhases,
  whereLabel,
} from './plans.js';

const MINUTE = 60_000;
const T = Date.parse('2025-06-02T09:00:00Z');

/** The shape of `GET /api/v1/plans/:name` (the server's compiled plan and run state). */
const view = (state: Record<string, unknown>) => ({
  name: 'search-rollout',
  status: state['status'],
  version: 3,
  percentages: { search_v2: 20 },
  createdAt: '2025-06-02T09:00:00Z',
  updatedAt: '2025-06-02T09:10:00Z',
  source: '…',
  plan: {
    name: 'search-rollout',
    description: null,
    phases: [
      {
        name: 'canary',
        stops: [
          { percentages: { search_v2: 5 }, waitMs: 10 * MINUTE },
          { percentages: { search_v2: 20 }, waitMs: null },
        ],
        bakeMs: 30 * MINUTE,
        approvals: null,
        gates: [
          {
            kind: 'threshold',
            name: 'latency-p95',
            metric: {
              kind: 'event',
              name: 'search_latency',
              event: 'search_latency',
              unit: 'ms',
              scope: 'cohort',
            },
            flag: 'search_v2',
            stat: 'p95',
            threshold: 300,
          },
        ],
      },
      {
        name: 'general',
        stops: [{ percentages: { search_v2: 100 }, waitMs: null }],
        bakeMs: 60 * MINUTE,
        approvals: { required: 2, approvers: null },
        gates: [],
      },
    ],
  },
  state,
  decisions: [
    {
      at: '2025-06-02T09:10:00Z',
      decision: 'GO',
      actor: 'controller',
      summary: 'moving to phase canary step 2 of 2',
      from: 'running',
      to: 'running',
      evidence: [
        {
          kind: 'trigger',
          name: 'x',
          verdict: 'clear',
          value: 1,
          text: 'fine',
          statistic: { name: 'z', value: 1.5 },
        },
      ],
    },
  ],
});

describe('plans', () => {
  it('reads the list defensively', () => {
    expect(
      readPlanList({ plans: [{ name: 'a', status: 'running', version: 2 }, { nope: 1 }] }),
    ).toEqual([{ name: 'a', status: 'running', version: 2, percentages: {}, updatedAt: '' }]);
    expect(readPlanList(null)).toEqual([]);
  });

  it('reads a running plan: where it is, the countdown to the end of the bake, the timeline', () => {
    const plan = readPlan(
      view({
        status: 'running',
        since: T,
        startedAt: T,
        percentages: { search_v2: 20 },
        at: { phase: 0, step: 1, stepStartedAt: T + 10 * MINUTE, phaseStartedAt: T },
        holds: 0,
      }),
    );
    expect(whereLabel(plan)).toBe('canary (phase 1 of 2), bake');
    expect(countdownTarget(plan)).toEqual({ label: 'Bake ends', endsAt: T + 40 * MINUTE });
    const phases = timelinePhases(plan);
    expect(phases.map((p) => p.status)).toEqual(['running', 'pending']);
    expect(phases[0]?.decision).toBe('GO: moving to phase canary step 2 of 2');
    expect(phases[0]?.detail).toBe('Bake 30 min; steps: search_v2 5% for 10 min');
    expect(plan.decisions[0]?.evidence[0]).toMatchObject({
      verdict: 'clear',
      statistic: { name: 'z', value: 1.5 },
      threshold: null,
    });
  });

  it('counts down a step, a controller hold, and nothing for a person’s hold or approvals', () => {
    const at = { phase: 0, step: 0, stepStartedAt: T, phaseStartedAt: T };
    const running = readPlan(view({ status: 'running', since: T, at }));
    expect(whereLabel(running)).toBe('canary (phase 1 of 2), step 1 of 1');
    expect(countdownTarget(running)).toEqual({ label: 'Step ends', endsAt: T + 10 * MINUTE });
    const held = readPlan(
      view({ status: 'held', since: T, at, until: T + 60 * MINUTE, reason: 'r', by: 'controller' }),
    );
    expect(countdownTarget(held)).toEqual({ label: 'Hold ends', endsAt: T + 60 * MINUTE });
    expect(
      countdownTarget(readPlan(view({ status: 'held', since: T, at, until: null }))),
    ).toBeNull();
    const awaiting = readPlan(
      view({ status: 'awaiting-approval', since: T, at: null, nextPhase: 1, approvals: [{}] }),
    );
    expect(whereLabel(awaiting)).toBe('Before general (phase 2 of 2)');
    expect(countdownTarget(awaiting)).toBeNull();
    expect(timelinePhases(awaiting).map((p) => p.status)).toEqual([
      'completed',
      'awaiting-approval',
    ]);
    expect(awaiting.state.approvals).toBe(1);
  });

  it('formats durations and countdowns', () => {
    expect(formatDuration(90 * MINUTE)).toBe('1 h 30 min');
    expect(formatDuration(2 * 1440 * MINUTE)).toBe('2 d');
    expect(formatCountdown(65_000)).toBe('1 min 5 s');
    expect(formatCountdown(-5)).toBe('0 s');
    expect(formatCountdown(3 * 3_600_000 + 60_000)).toBe('3 h 1 min');
  });
});
