import { useId, useState, type FormEvent } from 'react';
import { signIn, type Session } from '../lib/auth.js';

export interface SignInPageProps {
  readonly onSignedIn: (session: Session, token: string) => void;
  /** Why the previous session ended, if it did. */
  readonly notice?: string | undefined;
}

/** Asks for an admin or read token; the token stays in this tab's sessionStorage only. */
export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  const id = useId();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    signIn(token).then(
      (session) => onSignedIn(session, session.api.token),
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof Error ? failure.message : 'Signing in failed.');
      },
    );
  };

  return (
    <main className="sign-in" id="main">
      <h1>Ramp</h1>
      <p>Sign in with a token to see and steer your flags.</p>
      {notice !== undefined && (
        <p className="notice notice-warning" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-token`}>Token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            autoFocus
            required
            value={token}
            aria-invalid={error !== undefined}
            aria-describedby={`${id}-hint${error === undefined ? '' : ` ${id}-error`}`}
            onChange={(event) => setToken(event.target.value)}
          />
          <p id={`${id}-hint`} className="hint">
            An admin token can change flags; a read token can only look. Kept in this tab until it
            closes.
          </p>
          {error !== undefined && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
