import { useEffect, useMemo, useRef, useState } from 'react';
import type { Session } from '../lib/auth.js';
import { DashboardContext, type Dashboard } from '../lib/dashboard-context.js';
import { useRoute, type Route } from '../lib/router.js';
import { useFeed } from '../lib/use-feed.js';
import { FlagPage } from '../pages/flag-page.js';
import { FlagsPage } from '../pages/flags-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { PlanPage } from '../pages/plan-page.js';
import { PlansPage } from '../pages/plans-page.js';
import { StalePage } from '../pages/stale-page.js';
import { KillAllBanner } from './kill-all-banner.js';
import { TopBar } from './top-bar.js';

export interface ShellProps {
  readonly session: Session;
  /** `reason` is shown on the sign-in page (e.g. the token was revoked). */
  readonly onSignOut: (reason?: string) => void;
}

/** The signed-in dashboard: header, live feed, kill-switch banner and the current page. */
export function Shell({ session, onSignOut }: ShellProps) {
  const route = useRoute();
  const { feed, status } = useFeed(session.api.token);
  const [message, setMessage] = useState('');
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (status.kind === 'unauthorized') onSignOut(`Signed out: ${status.error}.`);
  }, [status, onSignOut]);

  useEffect(() => {
    if (message === '') return;
    const timer = setTimeout(() => setMessage(''), 8000);
    return () => clearTimeout(timer);
  }, [message]);

  // After a navigation, move focus to the new page's heading (as a page load would).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setMessage('');
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  const dashboard = useMemo<Dashboard>(
    () => ({ api: session.api, scope: session.scope, feed, announce: setMessage }),
    [session, feed],
  );

  return (
    <DashboardContext.Provider value={dashboard}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar route={route} scope={session.scope} status={status} onSignOut={() => onSignOut()} />
      <KillAllBanner />
      <main id="main" ref={main} className="main">
        <p className="toast" role="status">
          {message}
        </p>
        <Page route={route} />
      </main>
    </DashboardContext.Provider>
  );
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'flags':
      return <FlagsPage />;
    case 'flag':
      return <FlagPage key={route.key} flagKey={route.key} />;
    case 'stale':
      return <StalePage />;
    case 'plans':
      return <PlansPage />;
    case 'plan':
      return <PlanPage key={route.name} name={route.name} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
