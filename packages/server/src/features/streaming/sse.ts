import type { ServerResponse } from 'node:http';

/** One SSE event. `data` must be a single line (JSON.stringify output is). */
export function sseEvent(event: string, id: number, data: string): string {
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/** A heartbeat: an SSE comment, ignored by clients, that keeps proxies from timing out. */
export const SSE_PING = ': ping\n\n';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // A stream holds its connection until it ends; closing the socket then (rather than
  // keeping it alive for reuse) lets the server shut down without waiting on idle sockets.
  connection: 'close',
  // nginx buffers responses unless told otherwise; events must leave at once.
  'x-accel-buffering': 'no',
} as const;

/** Where the hub writes a stream's frames. */
export interface StreamClient {
  send(frame: string): void;
  close(): void;
  readonly closed: boolean;
  /** The id of the token that opened the stream (revoking it ends the stream). */
  readonly tokenId?: string | undefined;
}

/**
 * A stream over an HTTP response. A client that stops reading is dropped once this many bytes
 * wait for it, instead of buffering without bound; it reconnects with Last-Event-ID.
 */
export class ResponseStreamClient implements StreamClient {
  constructor(
    private readonly response: ServerResponse,
    readonly tokenId?: string,
    private readonly maxBufferedBytes = 1 << 20,
  ) {}

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  send(frame: string): void {
    if (this.closed) return;
    if (this.response.writableLength > this.maxBufferedBytes) {
      this.response.destroy();
      return;
    }
    this.response.write(frame);
  }

  close(): void {
    if (!this.closed) this.response.end();
  }
}
