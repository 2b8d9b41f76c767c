import type { AuditEvent } from '@ramp/api';
import { formatPercentage } from './format.js';

/** Action names in words. */
const ACTIONS: Readonly<Record<string, string>> = {
  'flag.create': 'Created',
  'flag.update': 'Changed',
  'flag.archive': 'Archived',
  'flag.rollback': 'Rolled back',
  'kill-all.on': 'Kill switch on',
  'kill-all.off': 'Kill switch off',
  'token.create': 'Token created',
  'token.revoke': 'Token revoked',
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

/**
 * What a flag event changed, in words: `10% → 25%`, `on → off`. Undefined when the event
 * carries no flag state before and after (kill switch, tokens).
 */
export function changeSummary(event: Pick<AuditEvent, 'before' | 'after'>): string | undefined {
  const after = servedPercentage(event.after);
  if (after === undefined) return undefined;
  const before = servedPercentage(event.before);
  if (before === undefined) return after.enabled ? `at ${describe(after)}` : describe(after);
  return `${describe(before)} → ${describe(after)}`;
}

interface Served {
  readonly enabled: boolean;
  readonly percentage: number;
}

function servedPercentage(state: unknown): Served | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { enabled, percentage } = state as { enabled?: unknown; percentage?: unknown };
  if (typeof enabled !== 'boolean' || typeof percentage !== 'number') return undefined;
  return { enabled, percentage };
}

function describe(state: Served): string {
  if (state.enabled) return formatPercentage(state.percentage);
  return state.percentage === 0 ? 'off' : `off (set to ${formatPercentage(state.percentage)})`;
}
