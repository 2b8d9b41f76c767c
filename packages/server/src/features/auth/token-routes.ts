import { CreateTokenBody, TokenParams, type TokenList } from '@ramp/api';
import { Access, principalOf } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { AuthService } from './auth-service.js';

/** Token management: admin only. The secret is in the create reply and nowhere else. */
export function registerTokenRoutes(app: TypeboxApp, service: AuthService): void {
  const config = { access: Access.ADMIN };

  app.post(
    '/api/v1/tokens',
    { config, schema: { body: CreateTokenBody } },
    async (request, reply) => {
      const created = await service.create(principalOf(request).name, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get('/api/v1/tokens', { config }, async (): Promise<TokenList> => ({
    tokens: await service.list(),
  }));

  app.delete('/api/v1/tokens/:id', { config, schema: { params: TokenParams } }, async (request) =>
    service.revoke(principalOf(request).name, request.params.id),
  );
}
