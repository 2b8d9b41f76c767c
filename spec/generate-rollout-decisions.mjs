// Writes spec/rollout-decisions.json: golden cases for the rollout controller. Each case is a
// plan, a run state, the readings and the time; the expected decision is written here by hand
// (it is not computed by the controller), so any implementation can be checked against it.
//
//   node spec/generate-rollout-decisions.mjs > spec/rollout-decisions.json
//
// Times are epoch milliseconds; `m(n)` is n minutes after 2025-01-01T00:00:00Z.

const T0 = Date.UTC(2025, 0, 1);
const m = (n) => T0 + n * 60_000;

const golden = {
  name: 'golden',
  startAt: '2025-01-01T01:00:00Z',
  flags: [
    { key: 'a', bucketBy: 'g' },
    { key: 'b', bucketBy: 'g', requires: ['a'] },
  ],
  metrics: {
    latency: { event: 'latency_ms', unit: 'ms' },
    error_rate: { rate: { numerator: 'errors', denominator: 'requests' } },
    alerts: { event: 'alerts', scope: 'global' },
  },
  readiness: [{ id: 'runbook', item: 'Runbook reviewed', owner: 'ops' }],
  holdFor: '30m',
  maxHolds: 2,
  triggers: [
    {
      name: 'latency-rollback',
      metric: 'latency',
      stat: 'p95',
      above: 500,
      for: '10m',
      action: 'rollback',
    },
    { name: 'alerts-rollback', metric: 'alerts', atLeast: 5, within: '1h', action: 'rollback' },
    { name: 'alerts-pause', metric: 'alerts', atLeast: 3, within: '4h', action: 'pause' },
  ],
  gates: [
    { name: 'latency-p95', metric: 'latency', stat: 'p95', below: 200 },
    { name: 'error-rate', metric: 'error_rate', below: '1%' },
  ],
  phases: [
    {
      name: 'canary',
      steps: [{ percentages: { a: 10 }, wait: '30m' }],
      percentages: { a: 20, b: 10 },
      bake: '2h',
    },
    {
      name: 'wide',
      approvals: { required: 1 },
      percentages: { a: 50, b: 25 },
      bake: '2h',
      gates: [
        { name: 'errors-vs-off', compare: 'error_rate', margin: { absolute: '0.5%' } },
        { name: 'split', srm: 'a' },
      ],
      triggers: [
        {
          name: 'latency-rollback',
          metric: 'latency',
          stat: 'p95',
          above: 400,
          for: '5m',
          action: 'rollback',
          to: 'previous',
        },
      ],
    },
  ],
};

// --- states -------------------------------------------------------------------------------

const confirmed = [{ item: 'runbook', name: 'ops', at: m(10) }];
const common = (since, percentages) => ({
  plan: 'golden',
  since,
  percentages,
  confirmations: confirmed,
  startedAt: m(60),
  observeFrom: m(60),
});
const pending = (confirmations) => ({
  status: 'pending',
  plan: 'golden',
  since: m(0),
  percentages: { a: 0, b: 0 },
  confirmations,
  startedAt: null,
  observeFrom: null,
});
const canaryStep = { phase: 0, step: 0, stepStartedAt: m(60), phaseStartedAt: m(60) };
const canaryBake = { phase: 0, step: 1, stepStartedAt: m(90), phaseStartedAt: m(60) };
const wideBake = { phase: 1, step: 0, stepStartedAt: m(300), phaseStartedAt: m(300) };
const running = (at, percentages, holds = 0) => ({
  status: 'running',
  ...common(at.stepStartedAt, percentages),
  at,
  holds,
});
const CANARY_STEP = { a: 10, b: 0 };
const CANARY = { a: 20, b: 10 };
const WIDE = { a: 50, b: 25 };

// --- readings -----------------------------------------------------------------------------

const latency = (from, to, value, weight = 50) => ({
  metric: 'latency_ms',
  flag: 'a',
  cohort: 'on',
  from: m(from),
  to: m(to),
  perMinute: { values: [[value, weight]] },
});
const count = (metric, cohort, from, to, n) => ({
  metric,
  flag: 'a',
  cohort,
  from: m(from),
  to: m(to),
  perMinute: { count: n },
});
const alerts = (...minutes) =>
  minutes.map((n) => ({ metric: 'alerts', from: m(n), to: m(n + 1), perMinute: { count: 1 } }));
const exposures = (from, to, on, off) => ({
  flag: 'a',
  from: m(from),
  to: m(to),
  perMinute: { on, off },
});
const healthy = (from, to) => [latency(from, to, 120), count('requests', 'on', from, to, 50)];
const bothCohorts = (from, to, errorsOn, errorsOff) => [
  latency(from, to, 120),
  count('requests', 'on', from, to, 50),
  count('requests', 'off', from, to, 50),
  ...(errorsOn > 0 ? [count('errors', 'on', from, to, errorsOn)] : []),
  ...(errorsOff > 0 ? [count('errors', 'off', from, to, errorsOff)] : []),
];

// --- cases --------------------------------------------------------------------------------

const cases = [
  {
    name: 'pending: waits for an unconfirmed readiness item',
    state: pending([]),
    now: m(90),
    expected: {
      decision: 'WAIT',
      status: 'pending',
      evidence: [{ name: 'runbook', verdict: 'inconclusive' }],
    },
  },
  {
    name: 'pending: ready, but the deployment window has not opened',
    state: pending(confirmed),
    now: m(30),
    expected: {
      decision: 'WAIT',
      status: 'pending',
      summaryIncludes: 'the deployment window opens at 2025-01-01T01:00:00Z',
    },
  },
  {
    name: 'pending: ready and in the window, GO to the first step',
    state: pending(confirmed),
    now: m(60),
    expected: {
      decision: 'GO',
      status: 'running',
      percentages: CANARY_STEP,
      actions: [{ kind: 'set-percentage', flag: 'a', from: 0, to: 10 }],
      state: { at: canaryStep, observeFrom: m(60) },
    },
  },
  {
    name: 'running: a step waits its time',
    state: running(canaryStep, CANARY_STEP),
    readings: { series: healthy(60, 80) },
    now: m(80),
    expected: { decision: 'WAIT', status: 'running', summaryIncludes: '10 min more' },
  },
  {
    name: 'running: the wait is over, GO to the phase percentages',
    state: running(canaryStep, CANARY_STEP),
    readings: { series: healthy(60, 90) },
    now: m(90),
    expected: {
      decision: 'GO',
      status: 'running',
      percentages: CANARY,
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 10, to: 20 },
        { kind: 'set-percentage', flag: 'b', from: 0, to: 10 },
      ],
      state: { at: canaryBake },
    },
  },
  {
    name: 'running: gates are not judged before the end of the bake',
    state: running(canaryBake, CANARY),
    readings: { series: healthy(90, 200) },
    now: m(200),
    expected: { decision: 'WAIT', status: 'running', summaryIncludes: '10 min to go' },
  },
  {
    name: 'bake over, every gate passes: GO to await the approval of the next phase',
    state: running(canaryBake, CANARY),
    readings: { series: healthy(90, 210) },
    now: m(210),
    expected: {
      decision: 'GO',
      status: 'awaiting-approval',
      percentages: CANARY,
      actions: [{ kind: 'notify' }],
      state: { nextPhase: 1, approvals: [] },
      evidence: [
        { name: 'latency-p95', verdict: 'pass', sampleSize: 6000 },
        { name: 'error-rate', verdict: 'pass', value: 0, sampleSize: 6000 },
        { name: 'latency-rollback', verdict: 'clear' },
      ],
    },
  },
  {
    name: 'bake over, p95 latency 250 ms >= 200 ms: HOLD extends the bake by holdFor',
    state: running(canaryBake, CANARY),
    readings: { series: [latency(90, 210, 250), count('requests', 'on', 90, 210, 50)] },
    now: m(210),
    expected: {
      decision: 'HOLD',
      status: 'held',
      percentages: CANARY,
      state: { holds: 1, until: m(240), by: 'controller' },
      evidence: [
        { name: 'latency-p95', verdict: 'fail', sampleSize: 6000, textIncludes: '≥ 200 ms' },
        { name: 'error-rate', verdict: 'pass' },
      ],
    },
  },
  {
    name: 'bake over with too little data: inconclusive is never a pass, HOLD says what is missing',
    state: running(canaryBake, CANARY),
    readings: { series: [latency(200, 210, 120, 5), count('requests', 'on', 200, 210, 5)] },
    now: m(210),
    expected: {
      decision: 'HOLD',
      status: 'held',
      evidence: [
        {
          name: 'latency-p95',
          verdict: 'inconclusive',
          sampleSize: 50,
          textIncludes: 'needs about 50 more samples',
        },
        { name: 'error-rate', verdict: 'inconclusive', sampleSize: 50 },
      ],
    },
  },
  {
    name: 'held by the controller: waits until the hold ends',
    state: {
      status: 'held',
      ...common(m(210), CANARY),
      at: canaryBake,
      holds: 1,
      until: m(240),
      reason: 'latency',
      by: 'controller',
    },
    readings: { series: healthy(90, 230) },
    now: m(230),
    expected: { decision: 'WAIT', status: 'held' },
  },
  {
    name: 'held for the last time and still failing: PAUSE for a person',
    state: {
      status: 'held',
      ...common(m(240), CANARY),
      at: canaryBake,
      holds: 2,
      until: m(270),
      reason: 'latency',
      by: 'controller',
    },
    readings: { series: [latency(90, 270, 250), count('requests', 'on', 90, 270, 50)] },
    now: m(270),
    expected: {
      decision: 'PAUSE',
      status: 'paused',
      percentages: CANARY,
      state: { by: 'gates' },
      evidence: [{ name: 'latency-p95', verdict: 'fail', sampleSize: 9000 }],
    },
  },
  {
    name: 'p95 latency above 500 ms in every evaluation of the last 10 min: ROLLBACK to 0',
    state: running(canaryBake, CANARY),
    readings: { series: [latency(90, 135, 120), latency(135, 150, 600)] },
    now: m(150),
    expected: {
      decision: 'ROLLBACK',
      status: 'rolled-back',
      percentages: { a: 0, b: 0 },
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 20, to: 0 },
        { kind: 'set-percentage', flag: 'b', from: 10, to: 0 },
        { kind: 'notify' },
      ],
      state: { by: 'latency-rollback' },
      evidence: [
        {
          name: 'latency-rollback',
          verdict: 'fired',
          details: { breaches: 10, evaluations: 10 },
          textIncludes: '> 500 ms',
        },
      ],
    },
  },
  {
    name: 'breached for 8 of the 10 minutes: not yet',
    state: running(canaryBake, CANARY),
    readings: { series: [latency(90, 142, 120), latency(142, 150, 600)] },
    now: m(150),
    expected: {
      decision: 'WAIT',
      status: 'running',
      evidence: [
        { name: 'latency-rollback', verdict: 'clear', details: { breaches: 8, evaluations: 10 } },
      ],
    },
  },
  {
    name: 'no data is not a breach',
    state: running(canaryBake, CANARY),
    now: m(150),
    expected: {
      decision: 'WAIT',
      status: 'running',
      evidence: [
        { name: 'latency-rollback', verdict: 'no-data' },
        { name: 'alerts-rollback', verdict: 'clear', value: 0 },
      ],
    },
  },
  {
    name: 'five alerts within the hour: ROLLBACK wins over the pause trigger',
    state: running(canaryBake, CANARY),
    readings: { series: [...healthy(90, 150), ...alerts(140, 141, 142, 143, 144)] },
    now: m(150),
    expected: {
      decision: 'ROLLBACK',
      status: 'rolled-back',
      percentages: { a: 0, b: 0 },
      state: { by: 'alerts-rollback' },
      evidence: [
        { name: 'alerts-rollback', verdict: 'fired', value: 5 },
        { name: 'alerts-pause', verdict: 'fired', value: 5 },
      ],
    },
  },
  {
    name: 'three alerts within four hours: PAUSE, percentages kept',
    state: running(canaryBake, CANARY),
    readings: { series: [...healthy(90, 150), ...alerts(100, 120, 140)] },
    now: m(150),
    expected: {
      decision: 'PAUSE',
      status: 'paused',
      percentages: CANARY,
      actions: [{ kind: 'notify' }],
      state: { by: 'alerts-pause' },
      evidence: [
        { name: 'alerts-rollback', verdict: 'clear', value: 3 },
        { name: 'alerts-pause', verdict: 'fired', value: 3 },
      ],
    },
  },
  {
    name: 'alerts before the run started (observeFrom) do not count',
    state: running(canaryBake, CANARY),
    readings: { series: [...healthy(90, 150), ...alerts(20, 30, 40)] },
    now: m(150),
    expected: {
      decision: 'WAIT',
      status: 'running',
      evidence: [{ name: 'alerts-pause', verdict: 'clear', value: 0 }],
    },
  },
  {
    name: 'paused: a pause trigger does not pause again, but a rollback trigger still rolls back',
    state: {
      status: 'paused',
      ...common(m(150), CANARY),
      at: canaryBake,
      reason: 'alerts',
      by: 'alerts-pause',
    },
    readings: { series: [latency(90, 160, 600), ...alerts(100, 120, 140)] },
    now: m(160),
    expected: { decision: 'ROLLBACK', status: 'rolled-back', percentages: { a: 0, b: 0 } },
  },
  {
    name: 'paused: waits for a person while only the pause trigger fires',
    state: {
      status: 'paused',
      ...common(m(150), CANARY),
      at: canaryBake,
      reason: 'alerts',
      by: 'alerts-pause',
    },
    readings: { series: [...healthy(90, 160), ...alerts(100, 120, 140)] },
    now: m(160),
    expected: { decision: 'WAIT', status: 'paused' },
  },
  {
    name: 'awaiting approval: triggers still watch the running percentages',
    state: {
      status: 'awaiting-approval',
      ...common(m(210), CANARY),
      at: canaryBake,
      nextPhase: 1,
      approvals: [],
    },
    readings: { series: [...healthy(90, 230), ...alerts(215, 220, 225)] },
    now: m(230),
    expected: { decision: 'PAUSE', status: 'paused', percentages: CANARY },
  },
  {
    name: 'wide phase: its tighter latency trigger rolls back to the previous phase',
    state: running(wideBake, WIDE),
    readings: { series: [latency(300, 320, 450)] },
    now: m(320),
    expected: {
      decision: 'ROLLBACK',
      status: 'rolled-back',
      percentages: CANARY,
      actions: [
        { kind: 'set-percentage', flag: 'a', from: 50, to: 20 },
        { kind: 'set-percentage', flag: 'b', from: 25, to: 10 },
        { kind: 'notify' },
      ],
      evidence: [{ name: 'latency-rollback', verdict: 'fired', threshold: 400 }],
    },
  },
  {
    name: 'wide phase: ON errors 10% against OFF 0% fail the threshold and the comparison: HOLD',
    state: running(wideBake, WIDE),
    readings: { series: bothCohorts(300, 420, 5, 0), exposures: [exposures(300, 420, 50, 50)] },
    now: m(420),
    expected: {
      decision: 'HOLD',
      status: 'held',
      evidence: [
        { name: 'latency-p95', verdict: 'pass' },
        { name: 'error-rate', verdict: 'fail', value: 0.1 },
        {
          name: 'errors-vs-off',
          verdict: 'fail',
          sampleSize: 12000,
          details: { on: 6000, off: 6000 },
        },
        { name: 'split', verdict: 'pass' },
      ],
    },
  },
  {
    name: 'wide phase: exposures 60/40 against a 50/50 split are a sample ratio mismatch: HOLD',
    state: running(wideBake, WIDE),
    readings: { series: bothCohorts(300, 420, 0, 0), exposures: [exposures(300, 420, 60, 40)] },
    now: m(420),
    expected: {
      decision: 'HOLD',
      status: 'held',
      evidence: [
        { name: 'errors-vs-off', verdict: 'pass' },
        {
          name: 'split',
          verdict: 'fail',
          sampleSize: 12000,
          statistic: { name: 'chi-square', value: 480 },
        },
      ],
    },
  },
  {
    name: 'wide phase: every gate passes in the last phase: GO, completed',
    state: running(wideBake, WIDE),
    readings: { series: bothCohorts(300, 420, 0, 0), exposures: [exposures(300, 420, 50, 50)] },
    now: m(420),
    expected: {
      decision: 'GO',
      status: 'completed',
      percentages: WIDE,
      evidence: [
        { name: 'latency-p95', verdict: 'pass' },
        { name: 'error-rate', verdict: 'pass' },
        { name: 'errors-vs-off', verdict: 'pass' },
        { name: 'split', verdict: 'pass', statistic: { name: 'chi-square', value: 0 } },
      ],
    },
  },
  {
    name: 'completed: nothing more to decide',
    state: { status: 'completed', ...common(m(420), WIDE) },
    readings: { series: [latency(400, 430, 900)] },
    now: m(430),
    expected: { decision: 'WAIT', status: 'completed', percentages: WIDE },
  },
];

const spec = {
  description:
    'Golden rollout decisions: decide(plan, state, readings, now). Readings list per-minute data ' +
    'repeated over [from, to); values are [value, weight] pairs. Expected fields are a subset.',
  generatedBy: 'spec/generate-rollout-decisions.mjs',
  plans: { golden },
  cases: cases.map((c) => ({ plan: 'golden', readings: {}, ...c })),
};

process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
