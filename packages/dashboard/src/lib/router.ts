import { useCallback, useEffect, useState } from 'react';

/** The dashboard's pages; the server sends index.html for every one of these paths. */
export type Route =
  | { readonly page: 'flags' }
  | { readonly page: 'flag'; readonly key: string }
  | { readonly page: 'stale' }
  | { readonly page: 'plans' }
  | { readonly page: 'plan'; readonly name: string }
  | { readonly page: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/flags' || pathname === '/flags/') return { page: 'flags' };
  const flag = /^\/flags\/([^/]+)\/?$/.exec(pathname);
  if (flag?.[1] !== undefined) return { page: 'flag', key: safeDecode(flag[1]) };
  if (pathname === '/stale') return { page: 'stale' };
  if (pathname === '/plans' || pathname === '/plans/') return { page: 'plans' };
  const plan = /^\/plans\/([^/]+)\/?$/.exec(pathname);
  if (plan?.[1] !== undefined) return { page: 'plan', name: safeDecode(plan[1]) };
  return { page: 'not-found' };
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'flags':
      return '/';
    case 'flag':
      return `/flags/${encodeURIComponent(route.key)}`;
    case 'stale':
      return '/stale';
    case 'plans':
      return '/plans';
    case 'plan':
      return `/plans/${encodeURIComponent(route.name)}`;
    case 'not-found':
      return '/';
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const NAVIGATE = 'ramp:navigate';

/** Goes to a path inside the dashboard without reloading the page. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The current route, following links and the back and forward buttons. */
export function useRoute(): Route {
  const read = useCallback(() => parseRoute(location.pathname), []);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, [read]);
  return route;
}
