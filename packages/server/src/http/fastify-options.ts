import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyServerOptions } from 'fastify';
import { errorReply, toErrorReply } from './error-handler.js';

/**
 * The longest path parameter the router accepts, in decoded characters. Flag keys and plan
 * names reach 128, and the plan routes' `:name` is checked against 200; Fastify's default
 * (100) would make a flag with a 101-character key impossible to read.
 */
export const MAX_PARAM_LENGTH = 256;

/**
 * Options for `Fastify()` so that no reply escapes Ramp's error shape: Fastify writes its own
 * body for a malformed URL escape (`/flags/%zz`) and an over-long path parameter, and for a
 * request Node cannot parse (a raw non-ASCII byte in the path, headers over 16 KiB), unless it
 * is given these handlers. They answer `{"error":{"code","message"}}` like the error handler.
 *
 * @example
 * const fastify = Fastify({ ...fastifyOptions, logger: false })
 */
export const fastifyOptions = {
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  frameworkErrors: (error, _request, reply) => {
    const { status, body } = toErrorReply(error);
    // Plain reply types: no route (and no schema) has been found for these requests.
    void (reply as FastifyReply).status(status).send(body);
  },
  clientErrorHandler: writeClientError,
} satisfies FastifyServerOptions;

/**
 * Node's `clientError`: there is no request, so the reply is written to the socket by hand. It
 * may come while an earlier request of the connection is still being answered (junk after a
 * body without a length): that answer goes out first, or the client would take the 400 for
 * the request that was carried out.
 */
function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const { status, body } = errorReply('BAD_REQUEST', clientErrorMessage(error.code));
  const text = JSON.stringify(body);
  const reply =
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(text)}\r\n` +
    // The parser cannot go on after an error: the client must not reuse the connection.
    'Connection: close\r\n\r\n' +
    text;
  // Node's own handler consults the same field: the response in progress on this socket.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const send = () => {
    if (socket.writable) socket.end(reply);
  };
  if (inFlight === null || inFlight === undefined || inFlight.writableFinished) {
    send();
  } else {
    inFlight.once('finish', send);
    inFlight.once('close', send);
  }
}

function clientErrorMessage(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'the request line and headers are larger than 16 KiB';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'the request was not received in time';
    default:
      return `the request is not valid HTTP (${code ?? 'unknown error'})`;
  }
}
