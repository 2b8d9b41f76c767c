import { errorStatus, type ErrorBody, type ErrorCode } from '@ramp/api';
import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.js';

/** The status and body of an error reply. */
export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
}

/** `{"error":{"code","message"}}`. */
export function errorReply(code: ErrorCode, message: string): ErrorReply {
  return { status: errorStatus[code], body: { error: { code, message } } };
}

/**
 * Turns anything thrown into an error reply. Fastify's own errors carry a 4xx `statusCode`
 * (malformed JSON, body too large, wrong content type): they keep their status class with a
 * Ramp code, so bad input never becomes a 500.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof AppError) return errorReply(error.code, error.message);
  if (isDatabaseUnavailable(error)) {
    return errorReply('UNAVAILABLE', 'the database is unavailable; nothing was written, retry');
  }
  const statusCode = statusCodeOf(error);
  const message = error instanceof Error ? error.message : 'bad request';
  if (statusCode === 413) return errorReply('PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (statusCode === 404) return errorReply('NOT_FOUND', message);
  if (statusCode === 429) return errorReply('RATE_LIMITED', message);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return errorReply('BAD_REQUEST', message);
  }
  return errorReply('INTERNAL', 'internal error');
}

/** PostgreSQL connection failures, the server shutting down, SQLite busy past its timeout. */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'SQLITE_BUSY',
]);

/** True when the database could not be reached, as opposed to a query that failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  // Class 08: connection exceptions.
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
  // pg's own words when a connection dies or none can be had.
  return /^Connection terminated|timeout exceeded when trying to connect/.test(error.message);
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** One error handler and one not-found handler for the whole app. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorReply(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const { status, body } = errorReply('NOT_FOUND', `no route ${request.method} ${path}`);
    return reply.status(status).send(body);
  });
}
