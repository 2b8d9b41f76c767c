import { statusLabel } from '../lib/plans.js';

type Tone = 'good' | 'progress' | 'warn' | 'bad' | 'neutral';

const STATUS_TONES: Readonly<Record<string, Tone>> = {
  pending: 'neutral',
  running: 'progress',
  'awaiting-approval': 'progress',
  held: 'warn',
  paused: 'warn',
  'rolled-back': 'bad',
  completed: 'good',
};

const DECISION_TONES: Readonly<Record<string, Tone>> = {
  GO: 'good',
  APPROVE: 'good',
  CONFIRM: 'good',
  RESUME: 'progress',
  HOLD: 'warn',
  PAUSE: 'warn',
  ROLLBACK: 'bad',
};

const VERDICT_TONES: Readonly<Record<string, Tone>> = {
  pass: 'good',
  clear: 'good',
  fail: 'bad',
  fired: 'bad',
  inconclusive: 'warn',
  'no-data': 'warn',
  info: 'neutral',
};

/** A plan run's status as a word with a matching colour. */
export function PlanStatusBadge({ status }: { readonly status: string }) {
  return (
    <span className={`badge tone-${STATUS_TONES[status] ?? 'neutral'}`}>{statusLabel(status)}</span>
  );
}

/** GO, HOLD, ROLLBACK, … */
export function DecisionBadge({ decision }: { readonly decision: string }) {
  return <span className={`badge tone-${DECISION_TONES[decision] ?? 'neutral'}`}>{decision}</span>;
}

/** pass, fail, inconclusive, fired, clear, no-data. */
export function VerdictBadge({ verdict }: { readonly verdict: string }) {
  return <span className={`badge tone-${VERDICT_TONES[verdict] ?? 'neutral'}`}>{verdict}</span>;
}
