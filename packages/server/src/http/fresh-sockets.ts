import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Destroys, on close, connections that never sent a request. HTTP clients open spare
 * sockets ahead of need (undici does after an aborted stream); Node's closeIdleConnections
 * skips them, so without this `close()` would wait for each to time out.
 */
export function closeFreshSocketsOnShutdown(app: {
  readonly server: Server;
  addHook(name: 'preClose', hook: (done: () => void) => void): unknown;
}): void {
  const fresh = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    fresh.add(socket);
    socket.once('close', () => fresh.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => fresh.delete(request.socket));
  app.addHook('preClose', (done) => {
    for (const socket of fresh) socket.destroy();
    fresh.clear();
    done();
  });
}
