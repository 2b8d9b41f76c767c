import { useCallback, useEffect, useState } from 'react';
import { DecisionLog } from '../components/decision-log.js';
import { describeError } from '../components/error-notice.js';
import { EvidenceTable } from '../components/evidence-table.js';
import { Link } from '../components/link.js';
import { PageTitle } from '../components/page-title.js';
import { PlanActionDialog, type PlanAction } from '../components/plan-action-dialog.js';
import { PlanStatusBadge } from '../components/plan-badges.js';
import { PlanCharts } from '../components/plan-charts.js';
import { PhaseTimeline } from '../components/phase-timeline.js';
import { ApiError } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { formatDateTime, formatPercentage } from '../lib/format.js';
import {
  countdownTarget,
  formatCountdown,
  readDecisions,
  readPlan,
  timelinePhases,
  whereLabel,
  type PlanDecision,
  type PlanDetails,
} from '../lib/plans.js';
import { useNow } from '../lib/use-now.js';

type PlanResult =
  | { readonly kind: 'loading' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'loaded'; readonly plan: PlanDetails }
  | { readonly kind: 'failed'; readonly error: string };

/** How often the page rereads the plan (the controller decides about once a minute). */
const REFRESH_MS = 15_000;

/** One plan: timeline with countdown, latest evidence, charts, decision log and actions. */
export function PlanPage({ name }: { readonly name: string }) {
  const { api } = useDashboard();
  const [result, setResult] = useState<PlanResult>({ kind: 'loading' });

  const load = useCallback(
    () =>
      api.getPlan(name).then(
        (body) => setResult({ kind: 'loaded', plan: readPlan(body) }),
        (error: unknown) =>
          setResult(
            error instanceof ApiError && error.status === 404
              ? { kind: 'missing' }
              : { kind: 'failed', error: describeError(error) },
          ),
      ),
    [api, name],
  );

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (result.kind !== 'loaded') {
    return (
      <>
        <p className="breadcrumb">
          <Link href="/plans">Plans</Link> <span aria-hidden="true">/</span>
        </p>
        <PageTitle title={name} />
        {result.kind === 'loading' && <p className="count">Loading…</p>}
        {result.kind === 'missing' && <p className="empty">No plan "{name}".</p>}
        {result.kind === 'failed' && (
          <p className="field-error">The plan cannot be read: {result.error}</p>
        )}
      </>
    );
  }
  return (
    <PlanDetailsView plan={result.plan} onUpdated={(plan) => setResult({ kind: 'loaded', plan })} />
  );
}

function PlanDetailsView({
  plan,
  onUpdated,
}: {
  readonly plan: PlanDetails;
  readonly onUpdated: (plan: PlanDetails) => void;
}) {
  const { api, scope } = useDashboard();
  const now = useNow(1000);
  const [action, setAction] = useState<PlanAction | null>(null);
  const [decisions, setDecisions] = useState<readonly PlanDecision[]>(plan.decisions);

  // The full log (with evidence) is its own read; the plan carries only the latest decisions.
  useEffect(() => {
    let current = true;
    setDecisions(plan.decisions);
    api.planDecisions(plan.name, 200).then(
      (body) => current && setDecisions(readDecisions(body)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, plan]);

  const countdown = countdownTarget(plan);
  const latestChecks = decisions.find((d) =>
    d.evidence.some((e) => e.kind === 'gate' || e.kind === 'trigger'),
  );
  const finished = plan.status === 'completed' || plan.status === 'rolled-back';
  const actions: {
    readonly kind: PlanAction;
    readonly label: string;
    readonly enabled: boolean;
  }[] = [
    { kind: 'approve', label: 'Approve…', enabled: plan.status === 'awaiting-approval' },
    {
      kind: 'hold',
      label: 'Hold…',
      enabled: plan.status === 'running' || (plan.status === 'held' && plan.state.until !== null),
    },
    {
      kind: 'resume',
      label: 'Resume…',
      enabled: plan.status === 'held' || plan.status === 'paused',
    },
    { kind: 'rollback', label: 'Roll back…', enabled: !finished },
  ];

  return (
    <>
      <p className="breadcrumb">
        <Link href="/plans">Plans</Link> <span aria-hidden="true">/</span>
      </p>
      <div className="page-head">
        <PageTitle title={plan.name} />
        <PlanStatusBadge status={plan.status} />
      </div>
      {plan.description !== null && <p className="lead">{plan.description}</p>}

      <section className="panel" aria-labelledby="where-title">
        <h2 id="where-title">Where it is</h2>
        <dl className="facts">
          <dt>Phase / step</dt>
          <dd>{whereLabel(plan)}</dd>
          {countdown !== null && (
            <>
              <dt>{countdown.label}</dt>
              <dd>
                <span className="countdown" role="timer" aria-live="off">
                  {countdown.endsAt > now
                    ? `in ${formatCountdown(countdown.endsAt - now)}`
                    : 'now (the controller decides at its next tick)'}
                </span>{' '}
                <span className="hint">
                  ({formatDateTime(new Date(countdown.endsAt).toISOString())})
                </span>
              </dd>
            </>
          )}
          {plan.state.reason !== null && (
            <>
              <dt>Why</dt>
              <dd>
                {plan.state.reason}
                {plan.state.by !== null && <> (by {plan.state.by})</>}
              </dd>
            </>
          )}
          {plan.status === 'awaiting-approval' && (
            <>
              <dt>Approvals</dt>
              <dd>
                {plan.state.approvals} of{' '}
                {plan.phases[plan.state.nextPhase ?? 0]?.approvals?.required ?? 0}
              </dd>
            </>
          )}
          <dt>Flags now</dt>
          <dd>
            {Object.entries(plan.percentages).map(([flag, p]) => (
              <span key={flag} className="plan-flag">
                <code>{flag}</code> {formatPercentage(p)}
              </span>
            ))}
          </dd>
          <dt>Version</dt>
          <dd>{plan.version}</dd>
        </dl>
        {scope === 'admin' && (
          <div className="plan-actions" role="group" aria-label="Plan actions">
            {actions.map((a) => (
              <button
                key={a.kind}
                type="button"
                className={`button ${a.kind === 'rollback' ? 'button-danger' : ''}`}
                disabled={!a.enabled}
                onClick={() => setAction(a.kind)}
              >
                {a.label}
              </button>
            ))}
          </div>
        )}
        <PhaseTimeline label={`Phases of ${plan.name}`} phases={timelinePhases(plan)} />
      </section>

      <section className="panel" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Gates and triggers</h2>
        {latestChecks === undefined ? (
          <p className="empty">No gate or trigger has been evaluated yet.</p>
        ) : (
          <>
            <p className="hint">
              As of the {latestChecks.decision} decision, {formatDateTime(latestChecks.at)}.
            </p>
            <EvidenceTable
              evidence={latestChecks.evidence.filter(
                (e) => e.kind === 'gate' || e.kind === 'trigger',
              )}
              caption="The latest gates and triggers"
            />
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="charts-title">
        <h2 id="charts-title">ON vs OFF</h2>
        <PlanCharts api={api} plan={plan} />
      </section>

      <section className="panel" aria-labelledby="decisions-title">
        <h2 id="decisions-title">Decision log</h2>
        <DecisionLog decisions={decisions} now={now} />
      </section>

      {action !== null && (
        <PlanActionDialog
          action={action}
          plan={plan}
          onUpdated={onUpdated}
          onClose={() => setAction(null)}
        />
      )}
    </>
  );
}
