import type { Flag } from '@ramp/api';
import { useState } from 'react';
import { AuditList } from '../components/audit-list.js';
import { ExplainPanel } from '../components/explain-panel.js';
import { Link } from '../components/link.js';
import { PageTitle } from '../components/page-title.js';
import { PercentageControl } from '../components/percentage-control.js';
import { PercentageMeter } from '../components/percentage-meter.js';
import { RollbackDialog } from '../components/rollback-dialog.js';
import { RollbackHistory } from '../components/rollback-history.js';
import { StateBadge } from '../components/state-badge.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { effectivePercentage, flagState } from '../lib/flag-status.js';
import { formatAge, formatDateTime } from '../lib/format.js';
import { useAudit } from '../lib/use-audit.js';
import { useNow } from '../lib/use-now.js';

/** One flag: its state, the controls (admins), explain, rollback history and audit events. */
export function FlagPage({ flagKey }: { readonly flagKey: string }) {
  const { feed } = useDashboard();
  const flag = feed.flags.get(flagKey);
  if (flag === undefined) {
    return (
      <>
        <PageTitle title={flagKey} />
        <p className={feed.revision < 0 ? 'count' : 'empty'} role="status">
          {feed.revision < 0 ? 'Loading…' : `No flag "${flagKey}" (it may have been archived).`}
        </p>
        <p>
          <Link href="/">Back to all flags</Link>
        </p>
      </>
    );
  }
  return <FlagDetails flag={flag} />;
}

function FlagDetails({ flag }: { readonly flag: Flag }) {
  const { api, feed, scope } = useDashboard();
  const now = useNow();
  const [rollingBack, setRollingBack] = useState(false);
  const audit = useAudit(api, { flag: flag.key, limit: 50, revision: flag.version });
  const served = feed.killAll.active ? 0 : effectivePercentage(flag);

  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Flags</Link> <span aria-hidden="true">/</span>
      </p>
      <div className="page-head">
        <PageTitle title={flag.key}>
          <code>{flag.key}</code>
        </PageTitle>
        <StateBadge state={flagState(flag, feed.killAll)} />
      </div>
      {flag.description !== '' && <p className="lead">{flag.description}</p>}
      <div className="columns">
        <section className="panel" aria-labelledby="rollout-title">
          <h2 id="rollout-title">Rollout</h2>
          <PercentageMeter percentage={served} configured={flag.percentage} />
          <dl className="facts">
            <dt>Version</dt>
            <dd>{flag.version}</dd>
            <dt>Last change</dt>
            <dd>
              <time dateTime={flag.updatedAt} title={formatDateTime(flag.updatedAt)}>
                {formatAge(flag.updatedAt, now)}
              </time>
            </dd>
            <dt>Owner</dt>
            <dd>{flag.owner ?? '—'}</dd>
            {flag.bucketBy !== null && (
              <>
                <dt>Bucketed with</dt>
                <dd>
                  <code>{flag.bucketBy}</code>
                </dd>
              </>
            )}
            {flag.requires.length > 0 && (
              <>
                <dt>Requires</dt>
                <dd>{flag.requires.join(', ')}</dd>
              </>
            )}
            {flag.permanent && (
              <>
                <dt>Permanent</dt>
                <dd>yes (never listed as stale)</dd>
              </>
            )}
          </dl>
          {scope === 'admin' && (
            <>
              <PercentageControl flag={flag} />
              <div className="danger-zone">
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => setRollingBack(true)}
                  disabled={effectivePercentage(flag) === 0}
                  aria-describedby={effectivePercentage(flag) === 0 ? 'rollback-hint' : undefined}
                >
                  Roll back…
                </button>
                {effectivePercentage(flag) === 0 && (
                  <p id="rollback-hint" className="hint">
                    The flag is off: there is nothing to roll back.
                  </p>
                )}
              </div>
            </>
          )}
        </section>
        <ExplainPanel flag={flag} />
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="rollbacks-title">
          <h2 id="rollbacks-title">Rollback history</h2>
          <RollbackHistory records={flag.rollbackHistory} />
        </section>
        <section className="panel" aria-labelledby="audit-title">
          <h2 id="audit-title">Audit events</h2>
          {audit.kind === 'loading' && <p className="count">Loading…</p>}
          {audit.kind === 'failed' && <p className="field-error">{audit.error}</p>}
          {audit.kind === 'loaded' && <AuditList events={audit.events} now={now} />}
        </section>
      </div>
      {rollingBack && <RollbackDialog flag={flag} onClose={() => setRollingBack(false)} />}
    </>
  );
}
