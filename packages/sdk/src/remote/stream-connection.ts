import type { Scheduler } from './scheduler.js';
import { Timer } from './scheduler.js';
import { SseParser, type SseEvent } from './sse-parser.js';

/** What one connection to `GET /api/v1/stream` needs. */
export interface StreamRequest {
  readonly url: string;
  readonly token: string;
  /** The revision already applied, sent as `Last-Event-ID` to resume after it. */
  readonly lastEventId: number | undefined;
  /** No byte for this long (headers included) ends the connection as hung. */
  readonly heartbeatTimeoutMs: number;
  readonly fetch: typeof globalThis.fetch;
  readonly scheduler: Scheduler;
}

/** Callbacks of one connection; none is called after `close()`. */
export interface StreamHandlers {
  /** The server answered 200 with `text/event-stream`. */
  readonly onOpen: () => void;
  readonly onEvent: (event: SseEvent) => void;
  /** Any comment, such as the `: ping` heartbeat. */
  readonly onComment: () => void;
  readonly onRetry: (ms: number) => void;
  /** The connection failed or ended; called at most once. */
  readonly onEnd: (reason: string) => void;
}

/** Headers every control plane request carries. */
export function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A short description of a failed request, without the token or the body. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${err.message}${detail}`;
}

/**
 * One SSE connection: opens it, feeds the bytes to an SseParser, and ends it when the server
 * closes it, when a request fails, or when no byte arrives within the heartbeat timeout.
 * Reconnecting is the owner's job (a new StreamConnection each time).
 */
export class StreamConnection {
  readonly #request: StreamRequest;
  readonly #handlers: StreamHandlers;
  readonly #abort = new AbortController();
  readonly #watchdog: Timer;
  #done = false;

  constructor(request: StreamRequest, handlers: StreamHandlers) {
    this.#request = request;
    this.#handlers = handlers;
    this.#watchdog = new Timer(request.scheduler);
    this.#feedWatchdog();
    void this.#run().catch((err: unknown) => this.#end(describeError(err)));
  }

  /** Ends the connection; no callback runs after this. */
  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#watchdog.clear();
    this.#abort.abort();
  }

  async #run(): Promise<void> {
    const { url, token, lastEventId } = this.#request;
    const headers: Record<string, string> = {
      ...authHeaders(token),
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
    const response = await this.#request.fetch(`${url}/api/v1/stream`, {
      headers,
      signal: this.#abort.signal,
    });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.toLowerCase().startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      const what = response.ok ? `content-type "${type}"` : `HTTP ${response.status}`;
      this.#end(`the stream answered ${what}`);
      return;
    }
    if (this.#done) return;
    this.#feedWatchdog();
    this.#handlers.onOpen();
    await this.#read(response.body.getReader());
  }

  async #read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const parser = new SseParser({
      onEvent: (event) => {
        if (!this.#done) this.#handlers.onEvent(event);
      },
      onComment: () => {
        if (!this.#done) this.#handlers.onComment();
      },
      onRetry: (ms) => {
        if (!this.#done) this.#handlers.onRetry(ms);
      },
    });
    while (!this.#done) {
      const { done, value } = await reader.read();
      if (done) {
        this.#end('the server closed the stream');
        return;
      }
      this.#feedWatchdog();
      parser.push(value);
    }
  }

  #feedWatchdog(): void {
    this.#watchdog.set(this.#request.heartbeatTimeoutMs, () => {
      this.#end(`no data for ${this.#request.heartbeatTimeoutMs} ms`);
    });
  }

  #end(reason: string): void {
    if (this.#done) return;
    this.close();
    this.#handlers.onEnd(reason);
  }
}
