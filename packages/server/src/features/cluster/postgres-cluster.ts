import pg from 'pg';
import type { Cluster, ClusterListener } from './cluster.js';

export interface PostgresClusterOptions {
  /** The same `postgres://` URL the replica's pool uses. */
  readonly url: string;
  /** The schema Ramp's tables live in when not the URL's default (tests). */
  readonly schema?: string | undefined;
  readonly replicaId: string;
  /**
   * How often a follower asks for the leadership, the leader checks its connection, and a
   * lost connection is retried (default 2 s). A dead leader is replaced within about this.
   */
  readonly pollMs?: number | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

export const DEFAULT_CLUSTER_POLL_MS = 2_000;

/**
 * Replicas on one PostgreSQL. One dedicated connection per replica does two things:
 *
 * - `LISTEN ramp:<schema>`: the triggers of migration 0005 announce every committed feed
 *   change and token revocation; the replica drops what it cached, pushes the change to its
 *   own SSE clients, and ends the streams of a revoked token. Notices are hints: the stream hub reads the change log after the
 *   last revision it sent, so a notice lost with a connection costs nothing once
 *   `resync()` (called on every reconnect) has made everything be read again.
 * - leadership: the replica holding the session-level advisory lock
 *   `hashtext('ramp-leader:<schema>')` leads. PostgreSQL releases it when the session ends,
 *   so when the leader dies (even by kill -9) its socket closes and the next follower to
 *   ask gets it. A leader whose connection fails steps down at once, before the lock could
 *   be someone else's. Plan decisions are also guarded by the plan's version, so a step
 *   that raced a takeover is refused rather than taken twice.
 */
export class PostgresCluster implements Cluster {
  readonly replicaId: string;
  readonly #options: PostgresClusterOptions;
  #listener: ClusterListener | undefined;
  #client: pg.Client | undefined;
  #leader = false;
  #connectedBefore = false;
  #lockKey = '';
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(options: PostgresClusterOptions) {
    this.#options = options;
    this.replicaId = options.replicaId;
  }

  get leader(): boolean {
    return this.#leader;
  }

  async start(listener: ClusterListener): Promise<void> {
    this.#listener = listener;
    await this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
    // Stop acting before the lock can pass to another replica.
    await this.#stepDown();
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One round (connect, then campaign or check), then the next one after `pollMs`. */
  #run(): Promise<void> {
    this.#running = this.#round().finally(() => {
      this.#running = undefined;
      if (this.#closed) return;
      this.#timer = setTimeout(() => void this.#run(), this.#pollMs);
      // Campaigning alone must not keep the process alive.
      this.#timer.unref();
    });
    return this.#running;
  }

  async #round(): Promise<void> {
    let client = this.#client;
    try {
      client ??= await this.#connect();
      if (this.#leader) {
        // The lock lives as long as this session: prove the session still does.
        await client.query('select 1');
      } else {
        const result = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1)) as locked',
          [this.#lockKey],
        );
        if (result.rows[0]?.locked === true && !this.#closed) {
          this.#leader = true;
          await this.#listener?.leadership(true);
        }
      }
    } catch (error) {
      this.#options.onError?.(error);
      if (client !== undefined) await this.#lost(client);
    }
  }

  async #connect(): Promise<pg.Client> {
    const { schema } = this.#options;
    const client = new pg.Client({
      connectionString: this.#options.url,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
      // Operators (and tests) find each replica's listening session in pg_stat_activity.
      application_name: `ramp-cluster:${this.replicaId}`,
      keepAlive: true,
      connectionTimeoutMillis: Math.max(this.#pollMs, 5_000),
      query_timeout: Math.max(this.#pollMs, 5_000),
    });
    client.on('error', (error) => {
      this.#options.onError?.(error);
      void this.#lost(client);
    });
    client.on('end', () => void this.#lost(client));
    client.on('notification', (notice) => this.#heard(notice.payload));
    try {
      await client.connect();
      const result = await client.query<{ schema: string }>('select current_schema() as schema');
      const current = result.rows[0]?.schema ?? 'public';
      await client.query(`listen ${client.escapeIdentifier(`ramp:${current}`)}`);
      this.#lockKey = `ramp-leader:${current}`;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    // Whatever committed while this replica was not listening was not announced to it.
    if (this.#connectedBefore) this.#listener?.resync();
    this.#connectedBefore = true;
    return client;
  }

  #heard(payload: string | undefined): void {
    if (payload?.startsWith('token:') === true) {
      this.#listener?.tokenRevoked(payload.slice('token:'.length));
    } else if (payload?.startsWith('change:') === true) {
      const revision = Number(payload.slice('change:'.length));
      if (Number.isSafeInteger(revision)) this.#listener?.changed(revision);
    }
  }

  /** The connection failed: the lock went with it. */
  async #lost(client: pg.Client): Promise<void> {
    if (this.#client !== client) return;
    this.#client = undefined;
    await this.#stepDown();
    await client.end().catch(() => undefined);
  }

  async #stepDown(): Promise<void> {
    if (!this.#leader) return;
    this.#leader = false;
    await this.#listener?.leadership(false);
  }

  get #pollMs(): number {
    return this.#options.pollMs ?? DEFAULT_CLUSTER_POLL_MS;
  }
}
