import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Fastify logger options that never write a token: the Authorization header is redacted,
 * and so is a `?token=` query parameter (the stream accepts one for browsers).
 */
export function loggerOptions(level: LogLevel | false): FastifyServerOptions['logger'] {
  if (level === false) return false;
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactQueryToken(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/** `/api/v1/stream?token=ramp_x` -> `/api/v1/stream?token=[redacted]`. */
export function redactQueryToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}
