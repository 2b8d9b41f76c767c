import { useState, type FormEvent } from 'react';
import { checkReason } from './reason.js';

/** The state of a form whose action needs a reason: the text, its error, busy, the failure. */
export interface ReasonedAction {
  readonly reason: string;
  readonly setReason: (reason: string) => void;
  readonly reasonError: string | undefined;
  readonly busy: boolean;
  readonly failure: unknown;
  readonly clearFailure: () => void;
  readonly onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

/**
 * Runs `action(reason)` on submit once the reason is filled in; keeps the form open with the
 * error when it fails. Focus goes to the reason field when it is missing.
 *
 * @example
 * const form = useReasonedAction((reason) => api.killAll(reason), onDone)
 * <form onSubmit={form.onSubmit}>…</form>
 */
export function useReasonedAction(
  action: (reason: string) => Promise<unknown>,
  onDone: () => void,
): ReasonedAction {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const checked = checkReason(reason);
    if ('error' in checked) {
      setReasonError(checked.error);
      event.currentTarget.querySelector<HTMLElement>('textarea[name="reason"]')?.focus();
      return;
    }
    setReasonError(undefined);
    setFailure(undefined);
    setBusy(true);
    action(checked.reason).then(
      () => {
        setBusy(false);
        onDone();
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
      },
    );
  };

  return {
    reason,
    setReason,
    reasonError,
    busy,
    failure,
    clearFailure: () => setFailure(undefined),
    onSubmit,
  };
}
