/** What a replica hears from the others through the shared database. */
export interface ClusterListener {
  /** A feed change up to `revision` committed, here or on another replica. */
  readonly changed: (revision: number) => void;
  /** The token `tokenId` was revoked somewhere: it must be refused, its streams ended. */
  readonly tokenRevoked: (tokenId: string) => void;
  /**
   * Notices may have been missed (the connection to the database was lost and is back):
   * everything cached must be read again.
   */
  readonly resync: () => void;
  /** This replica became the leader (true) or stopped being it (false). */
  readonly leadership: (leader: boolean) => void | Promise<void>;
}

/**
 * The replicas of one installation: how they hear of each other's commits, and which one
 * leads (runs the plan controller and the webhook sender, which must act exactly once).
 */
export interface Cluster {
  /** Random per process; shown by `/health/deep`. */
  readonly replicaId: string;
  readonly leader: boolean;
  /** Starts listening and campaigning; calls `listener` from then on. */
  start(listener: ClusterListener): Promise<void>;
  /** Stops; a leader gives the role up at once. */
  close(): Promise<void>;
}

/**
 * One process alone on its database (SQLite): it is the leader, and every commit is its own,
 * so there is nothing to hear.
 */
export class SingleReplica implements Cluster {
  #leader = false;
  #listener: ClusterListener | undefined;

  constructor(readonly replicaId: string) {}

  get leader(): boolean {
    return this.#leader;
  }

  async start(listener: ClusterListener): Promise<void> {
    this.#listener = listener;
    this.#leader = true;
    await listener.leadership(true);
  }

  async close(): Promise<void> {
    if (!this.#leader) return;
    this.#leader = false;
    await this.#listener?.leadership(false);
  }
}
