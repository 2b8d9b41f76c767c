import type { AuditEvent } from '@ramp/api';
import { actionLabel, changeSummary } from '../lib/audit-summary.js';
import { formatAge, formatDateTime } from '../lib/format.js';

export interface AuditListProps {
  /** Newest first. */
  readonly events: readonly AuditEvent[];
  readonly now: number;
  /** Show each event's flag (for lists that mix flags). */
  readonly showFlag?: boolean;
}

/** Audit events: when, who, what changed and why. */
export function AuditList({ events, now, showFlag = false }: AuditListProps) {
  if (events.length === 0) return <p className="empty">No audit events yet.</p>;
  return (
    <ol className="audit-list">
      {events.map((event) => {
        const summary = changeSummary(event);
        return (
          <li key={event.id} className="audit-event" data-action={event.action}>
            <div className="audit-head">
              <strong>{actionLabel(event.action)}</strong>
              {showFlag && event.flag !== null && <code>{event.flag}</code>}
              {summary !== undefined && <span>{summary}</span>}
            </div>
            <div className="audit-meta">
              <time dateTime={event.at} title={formatDateTime(event.at)}>
                {formatAge(event.at, now)}
              </time>{' '}
              by {event.actor}
            </div>
            {event.reason !== null && <p className="audit-reason">“{event.reason}”</p>}
          </li>
        );
      })}
    </ol>
  );
}
