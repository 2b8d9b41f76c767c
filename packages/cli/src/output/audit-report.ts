import type { AuditEvent } from '@ramp/api';
import { formatServing, formatTime } from './format.js';
import { renderTable, type Column } from './table.js';

const columns: readonly Column[] = [
  { header: 'TIME' },
  { header: 'ACTOR' },
  { header: 'ACTION' },
  { header: 'FLAG' },
  { header: 'CHANGE' },
  { header: 'REASON' },
];

/**
 * Audit events as a table, in the order given (the API sends newest first).
 *
 * @example
 * formatAuditTable((await client.audit({ flag: 'memory_system' })).events)
 */
export function formatAuditTable(events: readonly AuditEvent[]): string {
  const rows = events.map((event) => [
    formatTime(event.at),
    event.actor,
    event.action,
    event.flag ?? '',
    changeSummary(event),
    event.reason ?? '',
  ]);
  return renderTable(columns, rows);
}

/**
 * What an event changed, in a few words: `10% → 25%`, `off → 25%`, `created at 10%`,
 * `kill switch on`, `read token "ci"`. Empty when the event carries nothing readable.
 *
 * @example
 * changeSummary({ action: 'flag.update', before: { enabled: true, percentage: 10 },
 *   after: { enabled: true, percentage: 25 } }) // '10% → 25%'
 */
export function changeSummary(event: Pick<AuditEvent, 'action' | 'before' | 'after'>): string {
  const after = servedState(event.after);
  if (after !== undefined) {
    const before = servedState(event.before);
    if (before === undefined) return `created at ${formatServing(after)}`;
    const [from, to] = [formatServing(before), formatServing(after)];
    return from === to ? changedFields(event.before, event.after) : `${from} → ${to}`;
  }
  if (event.action === 'kill-all.on') return 'kill switch on';
  if (event.action === 'kill-all.off') return 'kill switch off';
  const token = tokenState(event.after) ?? tokenState(event.before);
  if (token !== undefined) return `${token.scope} token "${token.name}"`;
  return '';
}

interface Served {
  readonly enabled: boolean;
  readonly percentage: number;
}

function servedState(state: unknown): Served | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { enabled, percentage } = state as { enabled?: unknown; percentage?: unknown };
  if (typeof enabled !== 'boolean' || typeof percentage !== 'number') return undefined;
  return { enabled, percentage };
}

function tokenState(state: unknown): { name: string; scope: string } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { name, scope } = state as { name?: unknown; scope?: unknown };
  return typeof name === 'string' && typeof scope === 'string' ? { name, scope } : undefined;
}

/** Settings other than serving that changed (`owner, description`), for edits and archives. */
function changedFields(before: unknown, after: unknown): string {
  const fields = ['description', 'bucketBy', 'requires', 'owner', 'permanent', 'archived'];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const changed = fields.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
  return changed.length === 0 ? '' : `${changed.join(', ')} changed`;
}
