import { useDashboard } from '../lib/dashboard-context.js';
import { useReasonedAction } from '../lib/use-reasoned-action.js';
import { Dialog } from './dialog.js';
import { ErrorNotice } from './error-notice.js';
import { ReasonField } from './reason-field.js';

export interface KillAllDialogProps {
  /** `on` presses the kill switch; `off` undoes it. */
  readonly mode: 'on' | 'off';
  readonly onClose: () => void;
}

/** Turns every flag off everywhere (or undoes that), with a required reason. */
export function KillAllDialog({ mode, onClose }: KillAllDialogProps) {
  const { api, announce } = useDashboard();
  const form = useReasonedAction(
    (reason) => (mode === 'on' ? api.killAll(reason) : api.undoKillAll(reason)),
    () => {
      announce(mode === 'on' ? 'Kill switch on: every flag is off.' : 'Kill switch undone.');
      onClose();
    },
  );
  const title = mode === 'on' ? 'Turn every flag off?' : 'Undo the kill switch?';
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={form.onSubmit} noValidate>
        <p>
          {mode === 'on'
            ? 'Every flag turns off for every session, in every connected SDK, until the kill switch is undone. Flag settings are kept.'
            : 'Flags go back to their own settings in every connected SDK.'}
        </p>
        <ReasonField value={form.reason} onChange={form.setReason} error={form.reasonError} />
        {form.failure !== undefined && (
          <ErrorNotice error={form.failure} action="The kill switch did not change" />
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={mode === 'on' ? 'button button-danger' : 'button button-primary'}
            disabled={form.busy}
          >
            {mode === 'on' ? 'Turn every flag off' : 'Undo kill switch'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
