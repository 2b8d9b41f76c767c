import type { ChangeEvent, Snapshot } from '@ramp/api';
import { createSseParser, type SseMessage } from './sse-parser.js';

/** Where the live feed stands, for the connection indicator. */
export type FeedStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly error: string }
  | { readonly kind: 'unauthorized'; readonly error: string };

export interface FeedHandlers {
  readonly onSnapshot: (snapshot: Snapshot) => void;
  readonly onChange: (change: ChangeEvent) => void;
  readonly onStatus: (status: FeedStatus) => void;
}

export interface FeedOptions {
  /** `/api/v1/stream` on the page's origin by default. */
  readonly url?: string;
  readonly token: string;
  readonly handlers: FeedHandlers;
  readonly fetch?: typeof fetch;
  /** No byte for this long (the server pings every 15 s) means the stream hung. */
  readonly heartbeatTimeoutMs?: number;
  /** Reconnection backoff: from this delay, doubling, up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** An open live feed; `close()` ends it for good. */
export interface Feed {
  close(): void;
}

/**
 * Follows `GET /api/v1/stream` with fetch and a ReadableStream (EventSource cannot send the
 * Authorization header). Reconnects with backoff and resumes with `Last-Event-ID`, so the
 * server replays only the changes that were missed.
 *
 * @example
 * const feed = openFeed({ token, handlers: { onSnapshot, onChange, onStatus } })
 * // later
 * feed.close()
 */
export function openFeed(options: FeedOptions): Feed {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const timeoutMs = options.heartbeatTimeoutMs ?? 40_000;
  const { handlers } = options;
  let closed = false;
  let lastEventId: string | undefined;
  let controller: AbortController | undefined;
  let wake: (() => void) | undefined;

  function onMessage(message: SseMessage): boolean {
    if (message.event !== 'snapshot' && message.event !== 'change') return false;
    const payload: unknown = JSON.parse(message.data);
    if (message.event === 'snapshot') handlers.onSnapshot(payload as Snapshot);
    else handlers.onChange(payload as ChangeEvent);
    lastEventId = message.id;
    return true;
  }

  /** Reads one connection to its end; resolves true when at least one event arrived. */
  async function readOnce(signal: AbortSignal, watchdog: () => void): Promise<boolean> {
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      authorization: `Bearer ${options.token}`,
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await doFetch(options.url ?? '/api/v1/stream', {
      headers,
      signal,
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403) throw new AuthError(response.status);
    if (!response.ok || response.body === null) throw new Error(`stream: ${response.status}`);
    let received = false;
    const parser = createSseParser((message) => {
      if (onMessage(message) && !received) {
        received = true;
        handlers.onStatus({ kind: 'live' });
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      watchdog();
      const { done, value } = await reader.read();
      if (done) return received;
      parser.push(value);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    handlers.onStatus({ kind: 'connecting' });
    while (!closed) {
      const current = new AbortController();
      controller = current;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const watchdog = () => {
        clearTimeout(timer);
        timer = setTimeout(() => current.abort(), timeoutMs);
      };
      let error = 'the stream ended';
      try {
        if (await readOnce(current.signal, watchdog)) attempt = 0;
      } catch (caught) {
        if (caught instanceof AuthError) {
          handlers.onStatus({ kind: 'unauthorized', error: caught.message });
          return;
        }
        error = current.signal.aborted ? 'no heartbeat from the server' : describe(caught);
      } finally {
        clearTimeout(timer);
      }
      if (closed) return;
      attempt += 1;
      handlers.onStatus({ kind: 'reconnecting', attempt, error });
      await sleep(backoff(attempt, options), (resume) => (wake = resume));
    }
  }

  void run();
  return {
    close() {
      closed = true;
      controller?.abort();
      wake?.();
    },
  };
}

class AuthError extends Error {
  constructor(status: number) {
    super(status === 401 ? 'the token is not valid any more' : 'the token may not read the feed');
  }
}

function backoff(attempt: number, options: FeedOptions): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  // Jitter keeps many dashboards from reconnecting in step after a server restart.
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

function sleep(ms: number, onWake: (resume: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'the stream failed';
}
