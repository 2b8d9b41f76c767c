import { formatAge, formatDateTime } from '../lib/format.js';
import type { PlanDecision } from '../lib/plans.js';
import { EvidenceTable } from './evidence-table.js';
import { DecisionBadge } from './plan-badges.js';

/** Every decision, newest first: badge, actor, time, summary, and its evidence on demand. */
export function DecisionLog({
  decisions,
  now,
}: {
  readonly decisions: readonly PlanDecision[];
  readonly now: number;
}) {
  if (decisions.length === 0) {
    return <p className="empty">No decisions yet: the controller records one when it acts.</p>;
  }
  return (
    <ol className="decision-log">
      {decisions.map((d, i) => (
        <li key={`${d.at}-${i}`} data-decision={d.decision}>
          <div className="audit-head">
            <DecisionBadge decision={d.decision} />
            <span className="audit-meta">
              by <strong>{d.actor}</strong>,{' '}
              <time dateTime={d.at} title={formatDateTime(d.at)}>
                {formatAge(d.at, now)}
              </time>
              {d.from !== '' && d.to !== '' && d.from !== d.to && (
                <>
                  {' '}
                  · {d.from} → {d.to}
                </>
              )}
            </span>
          </div>
          <p className="decision-summary">{d.summary}</p>
          {d.evidence.length > 0 && (
            <details>
              <summary>
                Evidence ({d.evidence.length} {d.evidence.length === 1 ? 'check' : 'checks'})
              </summary>
              <EvidenceTable
                evidence={d.evidence}
                caption={`Evidence of the ${d.decision} decision`}
              />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
