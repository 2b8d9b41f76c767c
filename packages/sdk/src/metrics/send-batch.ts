import { Timer, type Scheduler } from '../remote/scheduler.js';
import { authHeaders, describeError } from '../remote/stream-connection.js';
import type { Batch } from './batch.js';

/** Where and how batches go. */
export interface SendTarget {
  /** The control plane's base URL, without a trailing slash. */
  readonly url: string;
  readonly token: string;
  readonly fetch: typeof globalThis.fetch;
  readonly scheduler: Scheduler;
  /** Each request is aborted after this long. */
  readonly timeoutMs: number;
}

/**
 * - `sent`: the server took the batch (202).
 * - `refused`: the server will never take it (bad input, too large, no permission): drop it.
 * - `failed`: unreachable, timed out, 5xx, 408 or 429: worth one retry.
 */
export type SendResult =
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'refused' | 'failed'; readonly reason: string };

/** Posts one batch to `POST /api/v1/metrics`. Never rejects. */
export async function sendBatch(
  target: SendTarget,
  batch: Batch,
  sentAt: number,
): Promise<SendResult> {
  const abort = new AbortController();
  const timeout = new Timer(target.scheduler);
  timeout.set(target.timeoutMs, () => abort.abort());
  try {
    const response = await target.fetch(`${target.url}/api/v1/metrics`, {
      method: 'POST',
      headers: { ...authHeaders(target.token), 'content-type': 'application/json' },
      body: JSON.stringify({ sentAt, ...batch }),
      signal: abort.signal,
    });
    const detail = response.ok ? '' : await errorMessage(response);
    if (response.ok) return { outcome: 'sent' };
    const retry = response.status >= 500 || response.status === 408 || response.status === 429;
    return { outcome: retry ? 'failed' : 'refused', reason: `HTTP ${response.status}${detail}` };
  } catch (err) {
    const reason = abort.signal.aborted
      ? `no answer within ${target.timeoutMs} ms`
      : describeError(err);
    return { outcome: 'failed', reason };
  } finally {
    timeout.clear();
  }
}

/** The server's `{"error":{"message"}}`, shortened, for the warning. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    const message = body.error?.message;
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
