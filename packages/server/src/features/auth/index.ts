import type { Clock } from '../../clock.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { RunInTransaction } from '../../ports/transaction.js';
import { authHook } from './auth-hook.js';
import { AuthService } from './auth-service.js';
import { FailureLimiter } from './failure-limiter.js';
import { registerTokenRoutes } from './token-routes.js';
import type { TokenStore, TokenUnit } from './token-store.js';

export { KyselyTokenStore } from './kysely-token-store.js';
export type { AuthService } from './auth-service.js';

export interface AuthFeatureDeps {
  readonly clock: Clock;
  readonly tokens: TokenStore;
  readonly runInTransaction: RunInTransaction<TokenUnit>;
  /** Failed authentications allowed per address and window (default 20 per minute). */
  readonly rateLimit?: { readonly maxFailures: number; readonly windowMs: number } | undefined;
  /** A token was revoked (after commit): its open streams end. */
  readonly onRevoked?: ((tokenId: string) => void) | undefined;
}

/** Wires authentication: the hook every route passes through, and the token routes. */
export function authFeature(deps: AuthFeatureDeps) {
  const limiter = new FailureLimiter({
    clock: deps.clock,
    maxFailures: deps.rateLimit?.maxFailures ?? 20,
    windowMs: deps.rateLimit?.windowMs ?? 60_000,
  });
  const service = new AuthService({ ...deps, limiter });
  return {
    service,
    register(app: TypeboxApp): void {
      app.addHook('onRequest', authHook(service));
      registerTokenRoutes(app, service);
    },
  };
}
