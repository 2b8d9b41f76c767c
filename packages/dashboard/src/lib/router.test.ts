import { describe, expect, it } from 'vitest';
import { parseRoute, routePath, type Route } from './router.js';

describe('routes', () => {
  it('reads every page from its path and back', () => {
    const routes: Route[] = [
      { page: 'flags' },
      { page: 'flag', key: 'checkout.v2-beta' },
      { page: 'stale' },
      { page: 'plans' },
      { page: 'plan', name: 'memory-system.rollout' },
    ];
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route);
    expect(parseRoute('/flags')).toEqual({ page: 'flags' });
    expect(parseRoute('/flags/a%2Fb')).toEqual({ page: 'flag', key: 'a/b' });
    expect(parseRoute('/nope')).toEqual({ page: 'not-found' });
  });
});
