import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { WebhookOutbox } from './webhook-outbox.js';
import { webhookPayload, type DecisionNotice } from './webhook-payload.js';
import { WebhookSender, type WebhookSenderDeps } from './webhook-sender.js';

export { KyselyWebhookOutbox } from './kysely-webhook-outbox.js';
export type { WebhookOutbox } from './webhook-outbox.js';
export { webhookPayload, type DecisionNotice, type WebhookPayload } from './webhook-payload.js';
export { signBody } from './webhook-signature.js';
export { WebhookSender } from './webhook-sender.js';

export interface WebhooksFeatureDeps extends Omit<WebhookSenderDeps, 'secret'> {
  readonly clock: Clock;
  /** Where every decision is posted; none: nothing is queued. */
  readonly urls: readonly string[];
  readonly secret: string | undefined;
}

/**
 * Wires webhook notifications: `enqueue` writes one outbox row per URL inside the caller's
 * transaction; the sender (not started: the caller starts it, when `enabled`, in exactly one
 * replica) delivers them, also the rows a previous process left undelivered.
 */
export function webhooksFeature(deps: WebhooksFeatureDeps) {
  const sender = new WebhookSender({ ...deps, secret: deps.secret ?? '' });
  return {
    sender,
    /** True when there is somewhere to send (a secret comes with the URLs). */
    enabled: deps.urls.length > 0,
    /** Queues `notice` for every URL through `outbox` (the caller's transaction). */
    enqueue: async (outbox: WebhookOutbox, notice: DecisionNotice): Promise<void> => {
      if (deps.urls.length === 0) return;
      const body = JSON.stringify(webhookPayload(notice));
      const at = new Date(deps.clock.now()).toISOString();
      await outbox.enqueue(deps.urls.map((url) => ({ id: randomUUID(), url, body, at })));
    },
  };
}
