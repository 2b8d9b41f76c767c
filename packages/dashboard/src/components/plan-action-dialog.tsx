import { useId, useState, type FormEvent } from 'react';
import { ApiError, type PlanCommand } from '../lib/api.js';
import { useDashboard } from '../lib/dashboard-context.js';
import { readPlan, statusLabel, type PlanDetails } from '../lib/plans.js';
import { checkReason } from '../lib/reason.js';
import { Dialog } from './dialog.js';
import { ErrorNotice } from './error-notice.js';
import { ReasonField } from './reason-field.js';

export type PlanAction = PlanCommand['kind'];

const TITLES: Record<PlanAction, (plan: string) => string> = {
  approve: (plan) => `Approve the next phase of ${plan}?`,
  hold: (plan) => `Hold ${plan}?`,
  resume: (plan) => `Resume ${plan}?`,
  rollback: (plan) => `Roll back ${plan}?`,
};

const BUTTONS: Record<PlanAction, string> = {
  approve: 'Approve',
  hold: 'Hold',
  resume: 'Resume',
  rollback: 'Roll back',
};

const EXPLANATIONS: Record<PlanAction, string> = {
  approve:
    'One approval, with your name and rationale, for the phase the run awaits. The phase starts once it has the approvals it needs.',
  hold: 'Freezes the run where it is: no step or phase advances until someone resumes it. Triggers still roll back.',
  resume: 'The run continues; the current step (or bake) starts over.',
  rollback:
    'Every flag of the plan goes down to the target; the run ends. Recorded in the decision log and the audit log.',
};

export interface PlanActionDialogProps {
  readonly action: PlanAction;
  /** The plan as the page shows it; its version is what the command is based on. */
  readonly plan: PlanDetails;
  /** The plan after the command (or after a reload following a 409). */
  readonly onUpdated: (plan: PlanDetails) => void;
  readonly onClose: () => void;
}

/** Approve, hold, resume or roll back a plan run, with the reason the server records. */
export function PlanActionDialog({ action, plan, onUpdated, onClose }: PlanActionDialogProps) {
  const { api, announce } = useDashboard();
  const id = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [approver, setApprover] = useState('');
  const [approverError, setApproverError] = useState<string>();
  const [target, setTarget] = useState<'off' | 'previous' | 'percentage'>('off');
  const [toText, setToText] = useState('');
  const [toError, setToError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [version, setVersion] = useState(plan.version);

  const command = (): PlanCommand | null => {
    const checked = checkReason(reason);
    const reasonOk = 'reason' in checked ? checked.reason : null;
    const needsReason = action !== 'resume';
    setReasonError(
      needsReason && reasonOk === null && 'error' in checked ? checked.error : undefined,
    );
    let problem = needsReason && reasonOk === null;
    if (action === 'approve') {
      const name = approver.trim();
      setApproverError(
        name === '' ? 'Give your name: approvals are by a named person.' : undefined,
      );
      if (name === '') {
        document.getElementById(`${id}-approver`)?.focus();
        return null;
      }
      if (problem || reasonOk === null) return null;
      return { kind: 'approve', name, rationale: reasonOk };
    }
    if (action === 'rollback' && target === 'percentage') {
      const to = Number(toText);
      const bad =
        toText.trim() === '' || !Number.isFinite(to) || to < 0 || to > 100
          ? 'Enter a percentage from 0 to 100.'
          : undefined;
      setToError(bad);
      if (bad !== undefined) {
        document.getElementById(`${id}-to`)?.focus();
        problem = true;
      }
    }
    if (problem || (needsReason && reasonOk === null)) return null;
    switch (action) {
      case 'hold':
        return { kind: 'hold', reason: reasonOk ?? '' };
      case 'resume':
        return { kind: 'resume', reason: reasonOk ?? undefined };
      case 'rollback':
        return {
          kind: 'rollback',
          reason: reasonOk ?? '',
          to: target === 'off' ? undefined : target === 'previous' ? 'previous' : Number(toText),
        };
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const next = command();
    if (next === null) {
      if (action !== 'approve' || approver.trim() !== '') {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      }
      return;
    }
    setBusy(true);
    setFailure(undefined);
    api.planCommand(plan.name, next, version).then(
      (body) => {
        setBusy(false);
        const updated = readPlan(body);
        onUpdated(updated);
        announce(
          `${plan.name}: ${BUTTONS[action].toLowerCase()} recorded; now ${statusLabel(updated.status).toLowerCase()}.`,
        );
        onClose();
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
      },
    );
  };

  const reload = () => {
    api.getPlan(plan.name).then(
      (body) => {
        const current = readPlan(body);
        onUpdated(current);
        setVersion(current.version);
        setFailure(undefined);
      },
      (error: unknown) => setFailure(error),
    );
  };

  const conflict = failure instanceof ApiError && failure.status === 409;
  return (
    <Dialog title={TITLES[action](plan.name)} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{EXPLANATIONS[action]}</p>
        <p className="dialog-note">
          The run is {statusLabel(plan.status).toLowerCase()} (version {version}).
        </p>
        {action === 'approve' && (
          <div className="field">
            <label htmlFor={`${id}-approver`}>Your name (required)</label>
            <input
              id={`${id}-approver`}
              name="approver"
              autoComplete="name"
              maxLength={200}
              data-autofocus=""
              value={approver}
              aria-invalid={approverError !== undefined}
              aria-describedby={approverError === undefined ? undefined : `${id}-approver-error`}
              onChange={(event) => setApprover(event.target.value)}
            />
            {approverError !== undefined && (
              <p id={`${id}-approver-error`} className="field-error">
                {approverError}
              </p>
            )}
          </div>
        )}
        {action === 'rollback' && (
          <fieldset className="field">
            <legend>Roll back to</legend>
            <label className="choice">
              <input
                type="radio"
                name="target"
                checked={target === 'off'}
                data-autofocus=""
                onChange={() => setTarget('off')}
              />
              Off (0%) for every flag of the plan
            </label>
            <label className="choice">
              <input
                type="radio"
                name="target"
                checked={target === 'previous'}
                onChange={() => setTarget('previous')}
              />
              The previous phase’s percentages
            </label>
            <label className="choice">
              <input
                type="radio"
                name="target"
                checked={target === 'percentage'}
                onChange={() => setTarget('percentage')}
              />
              At most a percentage
            </label>
            {target === 'percentage' && (
              <div className="field field-inline">
                <label htmlFor={`${id}-to`}>Percentage</label>
                <input
                  id={`${id}-to`}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={100}
                  step={0.01}
                  value={toText}
                  aria-invalid={toError !== undefined}
                  aria-describedby={toError === undefined ? undefined : `${id}-to-error`}
                  onChange={(event) => setToText(event.target.value)}
                />
                {toError !== undefined && (
                  <p id={`${id}-to-error`} className="field-error">
                    {toError}
                  </p>
                )}
              </div>
            )}
          </fieldset>
        )}
        {action === 'resume' ? (
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason (optional)</label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              rows={2}
              maxLength={2000}
              data-autofocus=""
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
        ) : (
          <ReasonField
            value={reason}
            onChange={setReason}
            error={reasonError}
            autoFocus={action === 'hold'}
            {...(action === 'approve'
              ? { hint: 'Your rationale, recorded with the approval and in the audit log.' }
              : {})}
          />
        )}
        {conflict ? (
          <div className="notice notice-error" role="alert">
            <p>
              <strong>Refused (409): the plan is not where you saw it.</strong> {failure.message}.
              You started from version {version}. Reload the plan, check its status, then decide
              again.
            </p>
            <button type="button" className="button" onClick={reload}>
              Reload the plan
            </button>
          </div>
        ) : (
          failure !== undefined && (
            <ErrorNotice error={failure} action={`${BUTTONS[action]} was not recorded`} />
          )
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${action === 'rollback' ? 'button-danger' : 'button-primary'}`}
            disabled={busy || conflict}
          >
            {BUTTONS[action]}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
