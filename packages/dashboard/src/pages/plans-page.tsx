import { useEffect, useState } from 'react';
import { describeError } from '../components/error-notice.js';
import { Link } from '../components/link.js';
import { PageTitle } from '../components/page-title.js';
import { PlanStatusBadge } from '../components/plan-badges.js';
import { ApiError } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { formatAge, formatDateTime, formatPercentage } from '../lib/format.js';
import {
  readPlan,
  readPlanList,
  whereLabel,
  type PlanDecision,
  type PlanSummary,
} from '../lib/plans.js';
import { useNow } from '../lib/use-now.js';

interface PlanRow extends PlanSummary {
  readonly where: string;
  readonly last: PlanDecision | undefined;
}

type PlansResult =
  | { readonly kind: 'loading' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'loaded'; readonly plans: readonly PlanRow[] }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * Rollout plans: name, status, where the run is and its last decision. Until the server has
 * the plans API (`GET /api/v1/plans` answers 404) this says so; it never shows made-up plans.
 */
export function PlansPage() {
  const { api } = useDashboard();
  const now = useNow();
  const [result, setResult] = useState<PlansResult>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    const load = async (): Promise<PlanRow[]> => {
      const plans = readPlanList(await api.listPlans());
      // The list has no position or decisions; each plan's own read has both.
      return Promise.all(
        plans.map(async (summary) => {
          try {
            const plan = readPlan(await api.getPlan(summary.name));
            return { ...summary, where: whereLabel(plan), last: plan.decisions[0] };
          } catch {
            return { ...summary, where: '—', last: undefined };
          }
        }),
      );
    };
    load().then(
      (plans) => current && setResult({ kind: 'loaded', plans }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 404) setResult({ kind: 'unavailable' });
        else setResult({ kind: 'failed', error: describeError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  return (
    <>
      <PageTitle title="Plans" />
      {result.kind === 'loading' && <p className="count">Loading…</p>}
      {result.kind === 'unavailable' && (
        <div className="empty-state">
          <p>
            <strong>No plans on this server yet.</strong>
          </p>
          <p>
            Rollout plans (phases that advance only when their metric gates pass) will show here,
            with their timeline and ON-vs-OFF charts, once this server runs them.
          </p>
        </div>
      )}
      {result.kind === 'failed' && (
        <p className="field-error">Plans cannot be read: {result.error}</p>
      )}
      {result.kind === 'loaded' &&
        (result.plans.length === 0 ? (
          <div className="empty-state">
            <p>
              <strong>No plans on this server yet.</strong>
            </p>
            <p>
              Apply a plan file with <code>ramp plan apply &lt;file&gt;</code> or{' '}
              <code>POST /api/v1/plans</code>; it shows here with its timeline and decisions.
            </p>
          </div>
        ) : (
          <table className="table plans-table">
            <caption className="visually-hidden">Rollout plans</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Status</th>
                <th scope="col">Phase / step</th>
                <th scope="col">Flags</th>
                <th scope="col">Last decision</th>
              </tr>
            </thead>
            <tbody>
              {result.plans.map((plan) => (
                <tr key={plan.name} data-plan={plan.name}>
                  <th scope="row" data-label="Plan">
                    <Link href={`/plans/${encodeURIComponent(plan.name)}`}>{plan.name}</Link>
                  </th>
                  <td data-label="Status">
                    <PlanStatusBadge status={plan.status} />
                  </td>
                  <td data-label="Phase / step">{plan.where}</td>
                  <td data-label="Flags">
                    {Object.entries(plan.percentages).map(([flag, p]) => (
                      <span key={flag} className="plan-flag">
                        <code>{flag}</code> {formatPercentage(p)}
                      </span>
                    ))}
                  </td>
                  <td data-label="Last decision">
                    {plan.last === undefined ? (
                      '—'
                    ) : (
                      <>
                        <strong>{plan.last.decision}</strong>{' '}
                        <time dateTime={plan.last.at} title={formatDateTime(plan.last.at)}>
                          {formatAge(plan.last.at, now)}
                        </time>
                        <span className="last-change"> {plan.last.summary}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
