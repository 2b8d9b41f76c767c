/** A notification waiting in the outbox for one destination. */
export interface PendingDelivery {
  readonly id: string;
  readonly url: string;
  /** The JSON body exactly as it is sent and signed. */
  readonly body: string;
  /** Attempts made so far. */
  readonly attempts: number;
}

/** A new outbox row: written in the transaction of the decision it reports. */
export interface NewDelivery {
  readonly id: string;
  readonly url: string;
  readonly body: string;
  /** ISO 8601; also the first attempt's time. */
  readonly at: string;
}

/** The outcome of one attempt. */
export type AttemptResult =
  | { readonly kind: 'delivered'; readonly at: string }
  | { readonly kind: 'retry'; readonly nextAttemptAt: string; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * The webhook outbox. Rows go from `pending` to `delivered` (a 2xx) or `failed` (attempts
 * exhausted); nothing is deleted, so the table is also the delivery log.
 */
export interface WebhookOutbox {
  enqueue(deliveries: readonly NewDelivery[]): Promise<void>;
  /** Pending rows whose next attempt is at or before `now` (ISO 8601), oldest first. */
  due(now: string, limit: number): Promise<PendingDelivery[]>;
  /** Records one attempt (`attempts` is the count including it). */
  settle(id: string, attempts: number, result: AttemptResult): Promise<void>;
}
