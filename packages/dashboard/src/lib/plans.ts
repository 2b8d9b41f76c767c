import type { PhaseStatus, TimelinePhase } from '../components/phase-timeline.js';
import { formatPercentage } from './format.js';

/**
 * The plans API's JSON, read defensively: `plan` and `state` are the server's rollout core JSON
 * (docs/plans.md), typed `unknown` by the API. Only the fields the dashboard shows are read.
 */

export interface PlanSummary {
  readonly name: string;
  readonly status: string;
  readonly version: number;
  readonly percentages: Readonly<Record<string, number>>;
  readonly updatedAt: string;
}

export interface Evidence {
  readonly kind: string;
  readonly name: string;
  readonly verdict: string;
  readonly metric: string | null;
  readonly stat: string | null;
  readonly flag: string | null;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly sampleSize: number | null;
  readonly statistic: { readonly name: string; readonly value: number } | null;
  readonly text: string;
}

export interface PlanDecision {
  readonly at: string;
  readonly decision: string;
  readonly actor: string;
  readonly summary: string;
  readonly from: string;
  readonly to: string;
  readonly evidence: readonly Evidence[];
}

export interface PlanStop {
  readonly percentages: Readonly<Record<string, number>>;
  readonly waitMs: number | null;
}

/** A gate's metric, as far as the dashboard can chart it. */
export interface PlanMetric {
  readonly name: string;
  readonly kind: 'event' | 'rate' | 'prometheus';
  readonly event: string | null;
  readonly numerator: string | null;
  readonly denominator: string | null;
  readonly unit: string | null;
  readonly scope: 'cohort' | 'global';
}

export interface PlanGate {
  readonly kind: string;
  readonly name: string;
  readonly metric: PlanMetric | null;
  readonly flag: string | null;
  readonly stat: string | null;
  readonly threshold: number | null;
}

export interface PlanPhase {
  readonly name: string;
  readonly stops: readonly PlanStop[];
  readonly bakeMs: number;
  readonly approvals: { readonly required: number } | null;
  readonly gates: readonly PlanGate[];
}

export interface PlanPosition {
  readonly phase: number;
  readonly step: number;
  readonly stepStartedAt: number;
  readonly phaseStartedAt: number;
}

export interface PlanState {
  readonly status: string;
  readonly since: number;
  readonly startedAt: number | null;
  readonly at: PlanPosition | null;
  /** Held: when the controller judges the gates again (null: a person holds it). */
  readonly until: number | null;
  readonly reason: string | null;
  readonly by: string | null;
  readonly nextPhase: number | null;
  readonly approvals: number;
}

export interface PlanDetails extends PlanSummary {
  readonly description: string | null;
  readonly phases: readonly PlanPhase[];
  readonly state: PlanState;
  /** Newest first. */
  readonly decisions: readonly PlanDecision[];
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function percentages(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, p] of Object.entries(obj(value))) {
    const n = num(p);
    if (n !== null) out[key] = n;
  }
  return out;
}

/** `GET /api/v1/plans` -> the plans. */
export function readPlanList(body: unknown): PlanSummary[] {
  return arr(obj(body)['plans']).flatMap((item) => {
    const summary = readSummary(item);
    return summary === null ? [] : [summary];
  });
}

function readSummary(value: unknown): PlanSummary | null {
  const o = obj(value);
  const name = str(o['name']);
  if (name === null) return null;
  return {
    name,
    status: str(o['status']) ?? 'unknown',
    version: num(o['version']) ?? 0,
    percentages: percentages(o['percentages']),
    updatedAt: str(o['updatedAt']) ?? '',
  };
}

/** `GET /api/v1/plans/:name` (and the commands' replies) -> the plan. */
export function readPlan(body: unknown): PlanDetails {
  const o = obj(body);
  const summary = readSummary(body) ?? {
    name: '',
    status: 'unknown',
    version: 0,
    percentages: {},
    updatedAt: '',
  };
  const plan = obj(o['plan']);
  return {
    ...summary,
    description: str(plan['description']),
    phases: arr(plan['phases']).map(readPhase),
    state: readState(o['state']),
    decisions: readDecisions(o),
  };
}

/** `{ decisions: [...] }` -> the decisions. */
export function readDecisions(body: unknown): PlanDecision[] {
  return arr(obj(body)['decisions']).map((item) => {
    const d = obj(item);
    return {
      at: str(d['at']) ?? '',
      decision: str(d['decision']) ?? '?',
      actor: str(d['actor']) ?? '',
      summary: str(d['summary']) ?? '',
      from: str(d['from']) ?? '',
      to: str(d['to']) ?? '',
      evidence: arr(d['evidence']).map(readEvidence),
    };
  });
}

function readEvidence(value: unknown): Evidence {
  const e = obj(value);
  const statistic = obj(e['statistic']);
  const statName = str(statistic['name']);
  const statValue = num(statistic['value']);
  return {
    kind: str(e['kind']) ?? '',
    name: str(e['name']) ?? '',
    verdict: str(e['verdict']) ?? '',
    metric: str(e['metric']),
    stat: str(e['stat']),
    flag: str(e['flag']),
    value: num(e['value']),
    threshold: num(e['threshold']),
    sampleSize: num(e['sampleSize']),
    statistic:
      statName !== null && statValue !== null ? { name: statName, value: statValue } : null,
    text: str(e['text']) ?? '',
  };
}

function readPhase(value: unknown): PlanPhase {
  const p = obj(value);
  const approvals = obj(p['approvals']);
  const required = num(approvals['required']);
  return {
    name: str(p['name']) ?? '?',
    stops: arr(p['stops']).map((stop) => ({
      percentages: percentages(obj(stop)['percentages']),
      waitMs: num(obj(stop)['waitMs']),
    })),
    bakeMs: num(p['bakeMs']) ?? 0,
    approvals: required === null ? null : { required },
    gates: arr(p['gates']).map(readGate),
  };
}

function readGate(value: unknown): PlanGate {
  const g = obj(value);
  const metric = obj(g['metric']);
  const metricName = str(metric['name']);
  const kind = str(metric['kind']);
  return {
    kind: str(g['kind']) ?? '',
    name: str(g['name']) ?? '',
    metric:
      metricName === null || (kind !== 'event' && kind !== 'rate' && kind !== 'prometheus')
        ? null
        : {
            name: metricName,
            kind,
            event: str(metric['event']),
            numerator: str(metric['numerator']),
            denominator: str(metric['denominator']),
            unit: str(metric['unit']),
            scope: metric['scope'] === 'global' ? 'global' : 'cohort',
          },
    flag: str(g['flag']),
    stat: str(g['stat']) ?? (kind === 'rate' ? 'rate' : null),
    threshold: num(g['threshold']),
  };
}

function readState(value: unknown): PlanState {
  const s = obj(value);
  const at = obj(s['at']);
  const phase = num(at['phase']);
  const step = num(at['step']);
  return {
    status: str(s['status']) ?? 'unknown',
    since: num(s['since']) ?? 0,
    startedAt: num(s['startedAt']),
    at:
      phase === null || step === null
        ? null
        : {
            phase,
            step,
            stepStartedAt: num(at['stepStartedAt']) ?? 0,
            phaseStartedAt: num(at['phaseStartedAt']) ?? 0,
          },
    until: num(s['until']),
    reason: str(s['reason']),
    by: str(s['by']),
    nextPhase: num(s['nextPhase']),
    approvals: arr(s['approvals']).length,
  };
}

const STATUS_WORDS: Record<string, string> = {
  pending: 'Pending',
  running: 'Running',
  held: 'Held',
  'awaiting-approval': 'Awaiting approval',
  paused: 'Paused',
  'rolled-back': 'Rolled back',
  completed: 'Completed',
};

/** A run status in words. */
export function statusLabel(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** Where the run is, in words: "canary (phase 1 of 2), step 1 of 2". */
export function whereLabel(plan: Pick<PlanDetails, 'phases' | 'state'>): string {
  const { state, phases } = plan;
  if (state.status === 'pending') return 'Not started';
  if (state.status === 'completed') return 'Every phase done';
  if (state.status === 'awaiting-approval' && state.nextPhase !== null) {
    const next = phases[state.nextPhase];
    return `Before ${next?.name ?? '?'} (phase ${state.nextPhase + 1} of ${phases.length})`;
  }
  if (state.at === null) return '—';
  const phase = phases[state.at.phase];
  const where = `${phase?.name ?? '?'} (phase ${state.at.phase + 1} of ${phases.length})`;
  const stops = phase?.stops.length ?? 0;
  if (stops <= 1) return where;
  const last = state.at.step === stops - 1;
  return `${where}, ${last ? 'bake' : `step ${state.at.step + 1} of ${stops - 1}`}`;
}

/** What the run waits for and when it ends, for the countdown; null when nothing is timed. */
export function countdownTarget(
  plan: Pick<PlanDetails, 'phases' | 'state'>,
): { readonly label: string; readonly endsAt: number } | null {
  const { state } = plan;
  if (state.at === null) return null;
  const phase = plan.phases[state.at.phase];
  const stop = phase?.stops[state.at.step];
  if (phase === undefined || stop === undefined) return null;
  if (state.status === 'held') {
    return state.until === null ? null : { label: 'Hold ends', endsAt: state.until };
  }
  if (state.status !== 'running') return null;
  if (stop.waitMs === null) {
    return { label: 'Bake ends', endsAt: state.at.stepStartedAt + phase.bakeMs };
  }
  return { label: 'Step ends', endsAt: state.at.stepStartedAt + stop.waitMs };
}

/** `2 h 5 min`, `4 min 10 s`, `0 s`. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${sec} s`;
}

/** The plan's phases for the timeline: done, current (with the run's status), pending. */
export function timelinePhases(plan: PlanDetails): TimelinePhase[] {
  const { state, phases } = plan;
  const current =
    state.at?.phase ??
    (state.status === 'awaiting-approval' ? (state.nextPhase ?? 0) : null) ??
    null;
  const latest = plan.decisions[0];
  return phases.map((phase, i) => {
    let status: PhaseStatus = 'pending';
    if (state.status === 'completed') status = 'completed';
    else if (current !== null && i < current) status = 'completed';
    else if (current === i && isPhaseStatus(state.status) && state.status !== 'pending') {
      status = state.status;
    }
    const last = phase.stops[phase.stops.length - 1];
    const steps = phase.stops.slice(0, -1);
    const stepWords =
      steps.length === 0
        ? ''
        : `; steps: ${steps.map((stop) => describeStop(stop)).join(', ')}` +
          (current === i && state.at !== null && state.at.step < steps.length
            ? ` (now at step ${state.at.step + 1})`
            : '');
    const startedAt =
      current === i && state.at !== null
        ? new Date(state.at.phaseStartedAt).toISOString()
        : undefined;
    return {
      name: phase.name,
      status,
      percentages: last?.percentages ?? {},
      startedAt,
      decision:
        current === i && latest !== undefined ? `${latest.decision}: ${latest.summary}` : undefined,
      detail: `Bake ${formatDuration(phase.bakeMs)}${stepWords}`,
    };
  });
}

/** A plan duration: `30 min`, `1 h`, `1 h 30 min`, `2 d`. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d > 0 ? `${d} d` : '', h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : ''];
  return parts.filter((part) => part !== '').join(' ');
}

function describeStop(stop: PlanStop): string {
  const ps = Object.entries(stop.percentages)
    .map(([flag, p]) => `${flag} ${formatPercentage(p)}`)
    .join(' ');
  return stop.waitMs === null ? ps : `${ps} for ${formatDuration(stop.waitMs)}`;
}

function isPhaseStatus(status: string): status is PhaseStatus {
  return status in STATUS_WORDS;
}

/** The number in a table cell: up to four significant decimals, `—` for none. */
export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(4)).toString();
}
