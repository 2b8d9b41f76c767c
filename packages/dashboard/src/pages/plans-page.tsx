import { useEffect, useState } from 'react';
import { PageTitle } from '../components/page-title.js';
import { ApiError } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { describeError } from '../components/error-notice.js';

type PlansResult =
  | { readonly kind: 'loading' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'loaded'; readonly plans: readonly PlanSummary[] }
  | { readonly kind: 'failed'; readonly error: string };

interface PlanSummary {
  readonly name: string;
  readonly status: string | undefined;
}

/**
 * Rollout plans. Until the server has the plans API (`GET /api/v1/plans` answers 404) this
 * says so; it never shows made-up plans. The ON-vs-OFF chart and the phase timeline
 * components are ready for the plan pages.
 */
export function PlansPage() {
  const { api } = useDashboard();
  const [result, setResult] = useState<PlansResult>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    api.listPlans().then(
      (body) => current && setResult({ kind: 'loaded', plans: planSummaries(body) }),
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
          <p className="empty">No plans on this server yet.</p>
        ) : (
          <ul className="plain-list">
            {result.plans.map((plan) => (
              <li key={plan.name}>
                <strong>{plan.name}</strong>
                {plan.status !== undefined && <> — {plan.status}</>}
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}

/** Names and statuses from `{ plans: [...] }`, read defensively (the API is not final). */
function planSummaries(body: unknown): PlanSummary[] {
  const list =
    typeof body === 'object' && body !== null && 'plans' in body && Array.isArray(body.plans)
      ? (body.plans as unknown[])
      : [];
  return list.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, id, status, state } = item as Record<string, unknown>;
    const label = typeof name === 'string' ? name : typeof id === 'string' ? id : undefined;
    if (label === undefined) return [];
    const phase =
      typeof status === 'string' ? status : typeof state === 'string' ? state : undefined;
    return [{ name: label, status: phase }];
  });
}
