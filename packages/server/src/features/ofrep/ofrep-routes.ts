import { createHash } from 'node:crypto';
import type { EvaluateResult } from '@ramp/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Access } from '../../http/access.js';
import { toErrorReply } from '../../http/error-handler.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import { toOfrepEntry, type OfrepEntry } from './ofrep-evaluation.js';
import {
  OfrepBulkFailure,
  OfrepBulkSuccess,
  OfrepEvaluationFailure,
  OfrepEvaluationRequest,
  OfrepEvaluationSuccess,
  OfrepFlagNotFound,
  OfrepFlagParams,
  OfrepGeneralError,
  type OfrepErrorCode,
} from './ofrep-schemas.js';

export interface OfrepDeps {
  /** The engine's decisions for a session (null: none given), all flags or the given keys. */
  readonly evaluate: (
    sessionId: string | null,
    keys?: readonly string[],
  ) => Promise<EvaluateResult>;
  /** Decisions actually served (for the evaluation metrics). */
  readonly onServed: (flags: EvaluateResult['flags']) => void;
}

const TAGS = ['OFREP'];
const common = {
  config: { access: Access.FEED },
  // Request bodies are optional in OFREP: a missing one is an empty context.
  preValidation: (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    request.body ??= {};
    done();
  },
  // The response schemas document the protocol; replies are written as they are.
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};

/**
 * OFREP: `POST /ofrep/v1/evaluate/flags/{key}` (one flag, for server providers) and
 * `POST /ofrep/v1/evaluate/flags` (every flag, for client providers; ETag / If-None-Match).
 * Decided by the SDK's engine through the same evaluation as `POST /api/v1/evaluate`.
 */
export function registerOfrepRoutes(app: TypeboxApp, deps: OfrepDeps): void {
  app.post(
    '/ofrep/v1/evaluate/flags/:key',
    {
      ...common,
      errorHandler: ofrepErrors((request, code, errorDetails) => ({
        key: (request.params as { key?: string }).key ?? '',
        errorCode: code,
        errorDetails,
      })),
      schema: {
        summary: 'OFREP: evaluate one flag',
        tags: TAGS,
        params: OfrepFlagParams,
        body: OfrepEvaluationRequest,
        response: {
          200: OfrepEvaluationSuccess,
          400: OfrepEvaluationFailure,
          404: OfrepFlagNotFound,
          500: OfrepGeneralError,
        },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const targetingKey = request.body.context?.targetingKey;
      const result = await deps.evaluate(targetingKey ?? null, [key]);
      const entry = toOfrepEntry(key, result.flags[key], present(targetingKey));
      if (entry.status === 200) deps.onServed(pick(result.flags, [entry]));
      return reply.status(entry.status).send(entry.body);
    },
  );

  app.post(
    '/ofrep/v1/evaluate/flags',
    {
      ...common,
      errorHandler: ofrepErrors((_request, code, errorDetails) => ({
        errorCode: code,
        errorDetails,
      })),
      schema: {
        summary: 'OFREP: evaluate every flag',
        description: 'Replies 304 when If-None-Match names the ETag of the same answer.',
        tags: TAGS,
        headers: Type.Object({
          'if-none-match': Type.Optional(
            Type.String({ description: 'an ETag of an earlier answer' }),
          ),
        }),
        body: OfrepEvaluationRequest,
        response: {
          200: OfrepBulkSuccess,
          304: Type.Null({ description: 'not modified: the answer still has this ETag' }),
          400: OfrepBulkFailure,
          500: OfrepGeneralError,
        },
      },
    },
    async (request, reply) => {
      const targetingKey = request.body.context?.targetingKey;
      const result = await deps.evaluate(targetingKey ?? null);
      const etag = bulkEtag(result.revision, targetingKey);
      void reply.header('etag', etag).header('cache-control', 'no-cache');
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send(null);
      const entries = Object.keys(result.flags)
        .sort()
        .map((key) => toOfrepEntry(key, result.flags[key], present(targetingKey)));
      deps.onServed(
        pick(
          result.flags,
          entries.filter((entry) => entry.status === 200),
        ),
      );
      // Every key here exists, so no entry is a 404.
      return { flags: entries.flatMap((entry) => (entry.status === 404 ? [] : [entry.body])) };
    },
  );
}

function present(targetingKey: string | undefined): boolean {
  return targetingKey !== undefined && targetingKey.trim() !== '';
}

function pick(flags: EvaluateResult['flags'], entries: readonly OfrepEntry[]) {
  const served: EvaluateResult['flags'] = {};
  for (const { body } of entries) {
    const decision = flags[body.key];
    if (decision !== undefined) served[body.key] = decision;
  }
  return served;
}

/**
 * The bulk answer depends on the configuration's revision and on the targeting key only
 * (Ramp ignores the rest of the context), so the ETag is made of both.
 */
export function bulkEtag(revision: number, targetingKey: string | undefined): string {
  const key = createHash('sha256')
    .update(JSON.stringify(targetingKey ?? null))
    .digest('base64url')
    .slice(0, 16);
  return `"${revision}-${key}"`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

type FailureBody = (request: FastifyRequest, code: OfrepErrorCode, details: string) => object;

/**
 * Bad requests in OFREP's shape: a body that fails the schema (a targetingKey that is not a
 * string, say) is INVALID_CONTEXT, one that is not JSON is PARSE_ERROR. 401, 403 and 429 keep
 * Ramp's error body (OFREP defines none); server errors are `{ errorDetails }`.
 */
function ofrepErrors(failure: FailureBody) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, body } = toErrorReply(error);
    if (status === 400) {
      const code = body.error.code === 'VALIDATION_FAILED' ? 'INVALID_CONTEXT' : 'PARSE_ERROR';
      void reply.status(400).send(failure(request, code, body.error.message));
    } else if (status >= 500) {
      request.log.error({ err: error }, 'OFREP evaluation failed');
      void reply.status(500).send({ errorDetails: body.error.message });
    } else {
      void reply.status(status).send(body);
    }
  };
}
