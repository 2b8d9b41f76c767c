import { useCallback, useEffect, useState } from 'react';
import { Shell } from './components/shell.js';
import { forgetToken, saveToken, savedToken, signIn, type Session } from './lib/auth.js';
import { SignInPage } from './pages/sign-in-page.js';

/** Signs in (or restores this tab's session), then shows the dashboard. */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => savedToken() !== null);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    const token = savedToken();
    if (token === null) return;
    let current = true;
    signIn(token).then(
      (restored) => {
        if (!current) return;
        setSession(restored);
        setRestoring(false);
      },
      (error: unknown) => {
        if (!current) return;
        forgetToken();
        setNotice(error instanceof Error ? error.message : 'Sign in again.');
        setRestoring(false);
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const onSignOut = useCallback((reason?: string) => {
    forgetToken();
    setSession(null);
    setNotice(reason);
  }, []);

  if (restoring) {
    return (
      <main className="sign-in" id="main">
        <p role="status">Signing in…</p>
      </main>
    );
  }
  if (session === null) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(signedIn, token) => {
          saveToken(token);
          setNotice(undefined);
          setSession(signedIn);
        }}
      />
    );
  }
  return <Shell session={session} onSignOut={onSignOut} />;
}
