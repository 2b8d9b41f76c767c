import { Timer, type Scheduler } from './scheduler.js';
import { authHeaders, describeError } from './stream-connection.js';

/** What the poller needs to fetch `GET /api/v1/snapshot`. */
export interface PollRequest {
  readonly url: string;
  readonly token: string;
  readonly intervalMs: number;
  /** Each request is aborted after this long. */
  readonly timeoutMs: number;
  readonly fetch: typeof globalThis.fetch;
  readonly scheduler: Scheduler;
}

export interface PollHandlers {
  /** The revision already applied (sent as `If-None-Match`), or undefined for a full fetch. */
  readonly revision: () => number | undefined;
  /** A 200 answer's body, parsed as JSON but not yet checked. */
  readonly onSnapshot: (body: unknown) => void;
  readonly onError: (reason: string) => void;
}

/**
 * Fetches the snapshot every `intervalMs` while it runs (the owner runs it while the stream
 * is down). Sends `If-None-Match: "<revision>"`, so an unchanged config costs a 304.
 */
export class SnapshotPoller {
  readonly #request: PollRequest;
  readonly #handlers: PollHandlers;
  readonly #timer: Timer;
  readonly #timeout: Timer;
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(request: PollRequest, handlers: PollHandlers) {
    this.#request = request;
    this.#handlers = handlers;
    this.#timer = new Timer(request.scheduler);
    this.#timeout = new Timer(request.scheduler);
  }

  get running(): boolean {
    return this.#running;
  }

  /** Polls every interval from now on, the first one interval from now. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops polling and aborts a request under way. */
  stop(): void {
    this.#running = false;
    this.#timer.clear();
    this.#timeout.clear();
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  close(): void {
    this.stop();
  }

  #schedule(): void {
    this.#timer.set(this.#request.intervalMs, () => {
      void this.#poll().finally(() => {
        if (this.#running) this.#schedule();
      });
    });
  }

  async #poll(): Promise<void> {
    const abort = new AbortController();
    this.#inFlight = abort;
    this.#timeout.set(this.#request.timeoutMs, () => abort.abort());
    try {
      const body = await this.#fetch(abort.signal);
      if (body !== undefined && !abort.signal.aborted) this.#handlers.onSnapshot(body.json);
    } catch (err) {
      if (this.#running) {
        const reason = abort.signal.aborted ? `no answer within ${this.#request.timeoutMs} ms` : '';
        this.#handlers.onError(`snapshot request failed: ${reason || describeError(err)}`);
      }
    } finally {
      this.#timeout.clear();
      if (this.#inFlight === abort) this.#inFlight = undefined;
    }
  }

  /** The parsed body of a 200, or undefined for a 304. */
  async #fetch(signal: AbortSignal): Promise<{ json: unknown } | undefined> {
    const headers = { ...authHeaders(this.#request.token), accept: 'application/json' };
    const revision = this.#handlers.revision();
    const conditional = revision === undefined ? {} : { 'if-none-match': `"${revision}"` };
    const response = await this.#request.fetch(`${this.#request.url}/api/v1/snapshot`, {
      headers: { ...headers, ...conditional },
      signal,
    });
    if (response.status === 304) return undefined;
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`HTTP ${response.status}`);
    }
    const text = await response.text();
    try {
      return { json: JSON.parse(text) as unknown };
    } catch {
      throw new Error('the body is not JSON');
    }
  }
}
