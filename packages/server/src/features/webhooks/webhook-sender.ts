import type { Clock } from '../../clock.js';
import type { AttemptResult, PendingDelivery, WebhookOutbox } from './webhook-outbox.js';
import { RepeatingTask } from '../../repeating-task.js';
import { signBody } from './webhook-signature.js';

export interface WebhookSenderDeps {
  readonly clock: Clock;
  /** Not bound to a transaction: each attempt is recorded on its own. */
  readonly outbox: WebhookOutbox;
  /** The HMAC key of `X-Ramp-Signature`. */
  readonly secret: string;
  /** Default the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** Time between two polls of the outbox (default 5 s). */
  readonly pollMs?: number | undefined;
  /** Attempts before a delivery is marked failed (default 8). */
  readonly maxAttempts?: number | undefined;
  /** The wait after the first failure, doubled after each (default 10 s, at most 1 h). */
  readonly backoffMs?: number | undefined;
  /** How long one POST may take (default 10 s). */
  readonly timeoutMs?: number | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

const BATCH = 20;
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Delivers the webhook outbox: every poll it POSTs the due rows, signed, marks a 2xx
 * delivered, and reschedules anything else with exponential backoff until `maxAttempts`,
 * then marks it failed. Delivery is at least once (a crash after the POST and before the
 * mark sends it again): receivers drop duplicates by `X-Ramp-Delivery`. Like the plan
 * controller, only the leading replica runs it. Owns its timer; `close()` stops it and waits for
 * a poll in progress.
 *
 * @example
 * const sender = new WebhookSender({ clock, outbox, secret });
 * sender.start();
 * // ...
 * await sender.close();
 */
export class WebhookSender {
  readonly #loop: RepeatingTask;

  constructor(private readonly deps: WebhookSenderDeps) {
    this.#loop = new RepeatingTask(
      () => this.deliverDue(),
      deps.pollMs ?? 5_000,
      (error) => deps.onError?.(error),
    );
  }

  /** Polls every interval until `stop()`; polls never overlap. */
  start(): void {
    this.#loop.start();
  }

  /** Stops polling and waits for a poll in progress (this replica lost the leadership). */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Stops for good. */
  close(): Promise<void> {
    return this.#loop.close();
  }

  /** One attempt for every due delivery, now; the number of attempts made. */
  async deliverDue(): Promise<number> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const due = await this.deps.outbox.due(now, BATCH);
    for (const delivery of due) {
      const result = await this.#attempt(delivery);
      await this.deps.outbox.settle(delivery.id, delivery.attempts + 1, result);
    }
    return due.length;
  }

  async #attempt(delivery: PendingDelivery): Promise<AttemptResult> {
    const send = this.deps.fetch ?? fetch;
    let error: string;
    try {
      const response = await send(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-ramp-signature': signBody(delivery.body, this.deps.secret),
          'x-ramp-delivery': delivery.id,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        return { kind: 'delivered', at: new Date(this.deps.clock.now()).toISOString() };
      }
      error = `HTTP ${response.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const attempts = delivery.attempts + 1;
    if (attempts >= (this.deps.maxAttempts ?? 8)) return { kind: 'failed', error };
    const wait = Math.min((this.deps.backoffMs ?? 10_000) * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    const nextAttemptAt = new Date(this.deps.clock.now() + wait).toISOString();
    return { kind: 'retry', nextAttemptAt, error };
  }
}
