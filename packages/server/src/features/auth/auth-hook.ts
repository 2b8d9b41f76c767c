import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/app-error.js';
import type { AuthService } from './auth-service.js';
import { allows, scopesFor } from './scopes.js';
import { bearerSecret } from './token.js';

/**
 * The onRequest hook: routes other than public ones need a valid token whose scope the
 * route allows. Runs before the body is read, so unauthenticated callers cost little.
 */
export function authHook(service: AuthService) {
  return async (request: FastifyRequest): Promise<void> => {
    const { access, queryToken } = request.routeOptions.config;
    // Unknown routes (the 404 handler) have no access and need no token.
    if (access === undefined || access === 'public') return;
    const secret =
      bearerSecret(request.headers.authorization) ??
      (queryToken === true ? tokenParam(request.query) : undefined);
    const principal = await service.authenticate(secret, request.ip);
    if (!allows(access, principal.scope)) {
      throw new AppError(
        'FORBIDDEN',
        `a ${principal.scope} token cannot do this; it needs ${scopesFor(access)}`,
      );
    }
    request.principal = principal;
  };
}

function tokenParam(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null || !('token' in query)) return undefined;
  return typeof query.token === 'string' && query.token !== '' ? query.token : undefined;
}
