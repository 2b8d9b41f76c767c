import type { Kysely } from 'kysely';
import type { RampSchema } from '../../storage/schema.js';
import type {
  AttemptResult,
  NewDelivery,
  PendingDelivery,
  WebhookOutbox,
} from './webhook-outbox.js';

/** The outbox in the `webhook_deliveries` table, on SQLite or PostgreSQL alike. */
export class KyselyWebhookOutbox implements WebhookOutbox {
  constructor(private readonly db: Kysely<RampSchema>) {}

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          id: d.id,
          url: d.url,
          body: d.body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: d.at,
          created_at: d.at,
          delivered_at: null,
          last_error: null,
        })),
      )
      .execute();
  }

  due(now: string, limit: number): Promise<PendingDelivery[]> {
    return this.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'url', 'body', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  async settle(id: string, attempts: number, result: AttemptResult): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set(columns(attempts, result))
      .where('id', '=', id)
      .execute();
  }
}

function columns(attempts: number, result: AttemptResult) {
  switch (result.kind) {
    case 'delivered':
      return { attempts, status: 'delivered', delivered_at: result.at, last_error: null };
    case 'retry':
      return { attempts, next_attempt_at: result.nextAttemptAt, last_error: result.error };
    case 'failed':
      return { attempts, status: 'failed', last_error: result.error };
  }
}
