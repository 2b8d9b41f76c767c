import { CreateFlagBody, FlagParams, ListFlagsQuery, PatchFlagBody, RollbackBody } from '@ramp/api';
import type { FastifyReply } from 'fastify';
import { Access, principalOf } from '../../http/access.js';
import { expectedVersion } from '../../http/if-match.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import type { FlagsService } from './flags-service.js';

/** `/api/v1/flags`: list, read, create, patch, archive, roll back. */
export function registerFlagRoutes(app: TypeboxApp, service: FlagsService): void {
  const read = { access: Access.READ };
  const admin = { access: Access.ADMIN };

  app.get('/api/v1/flags', { config: read, schema: { querystring: ListFlagsQuery } }, (request) =>
    service.list(request.query.archived === true),
  );

  app.get(
    '/api/v1/flags/:key',
    { config: read, schema: { params: FlagParams } },
    async (request, reply) => {
      const flag = await service.get(request.params.key);
      return withVersion(reply, flag.version).send(flag);
    },
  );

  app.post(
    '/api/v1/flags',
    { config: admin, schema: { body: CreateFlagBody } },
    async (request, reply) => {
      const flag = await service.create(request.body, { actor: principalOf(request).name });
      return withVersion(reply, flag.version).status(201).send(flag);
    },
  );

  app.patch(
    '/api/v1/flags/:key',
    { config: admin, schema: { params: FlagParams, body: PatchFlagBody } },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match'], request.body.version);
      const write = { actor: principalOf(request).name, version };
      const flag = await service.update(request.params.key, request.body, write);
      return withVersion(reply, flag.version).send(flag);
    },
  );

  app.delete(
    '/api/v1/flags/:key',
    { config: admin, schema: { params: FlagParams } },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match'], undefined);
      const write = { actor: principalOf(request).name, version };
      const flag = await service.archive(request.params.key, write);
      return withVersion(reply, flag.version).send(flag);
    },
  );

  app.post(
    '/api/v1/flags/:key/rollback',
    { config: admin, schema: { params: FlagParams, body: RollbackBody } },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match'], undefined);
      const write = { actor: principalOf(request).name, version };
      const flag = await service.rollback(request.params.key, request.body, write);
      return withVersion(reply, flag.version).send(flag);
    },
  );
}

/** The flag's version as its ETag, to send back as If-Match. */
function withVersion(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', `"${version}"`);
}
