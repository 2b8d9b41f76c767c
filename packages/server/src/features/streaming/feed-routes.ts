import type { Snapshot } from '@ramp/api';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import { openStream, parseLastEventId, type OpenStreamDeps } from './open-stream.js';
import { ResponseStreamClient, SSE_HEADERS } from './sse.js';

/** `GET /api/v1/snapshot` (ETag = revision) and `GET /api/v1/stream` (SSE). */
export function registerFeedRoutes(
  app: TypeboxApp,
  deps: OpenStreamDeps & { readonly loadSnapshot: () => Promise<Snapshot> },
): void {
  // Read from the store each time (not the stream's shared frame), so a client sees its
  // own write in the very next snapshot.
  app.get('/api/v1/snapshot', { config: { access: Access.FEED } }, async (request, reply) => {
    const snapshot: Snapshot = await deps.loadSnapshot();
    const etag = `"${snapshot.revision}"`;
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send();
    return snapshot;
  });

  app.get(
    '/api/v1/stream',
    { config: { access: Access.FEED, queryToken: true } },
    async (request, reply) => {
      const lastEventId = parseLastEventId(request.headers['last-event-id']);
      // From here on the response is written by hand and stays open.
      reply.hijack();
      reply.raw.writeHead(200, SSE_HEADERS);
      reply.raw.flushHeaders();
      const client = new ResponseStreamClient(reply.raw, request.principal?.tokenId);
      reply.raw.on('close', () => deps.hub.detach(client));
      try {
        await openStream(client, lastEventId, deps);
      } catch (error) {
        request.log.error({ err: error }, 'could not open stream');
        reply.raw.destroy();
      }
    },
  );
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
}
