import type { StoredChange } from './change-log.js';
import { SSE_PING, sseEvent, type StreamClient } from './sse.js';
import { StreamEventName } from '@ramp/api';

export interface StreamHubOptions {
  /** Reads committed changes after a revision, oldest first. */
  readonly readChanges: (after: number, limit: number) => Promise<StoredChange[]>;
  readonly heartbeatMs: number;
  /** Recent frames kept in memory so a stream opening during a broadcast misses nothing. */
  readonly ringSize?: number;
  readonly onError?: (error: unknown) => void;
  /** A committed change was just written to the open streams. */
  readonly onBroadcast?: ((revision: number) => void) | undefined;
}

interface Subscriber {
  /** The last revision this client has; older frames are skipped. */
  revision: number;
}

interface Frame {
  readonly revision: number;
  readonly text: string;
}

const BATCH = 500;

/**
 * Pushes every committed change to every open stream. A change is read from the change log
 * and formatted once, then the same string is written to each client, so a thousand streams
 * cost a thousand writes and nothing more.
 *
 * `notify()` is only a hint ("something committed"): the hub reads what is new after the
 * last revision it sent, so changes go out in revision order however the hints arrive.
 */
export class StreamHub {
  readonly #options: StreamHubOptions;
  readonly #subscribers = new Map<StreamClient, Subscriber>();
  readonly #ring: Frame[] = [];
  #revision: number | undefined;
  #pumping = false;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: StreamHubOptions) {
    this.#options = options;
  }

  /** Starts from the store's current revision, with the heartbeat. */
  start(revision: number): void {
    this.#revision = revision;
    this.#timer = setInterval(() => this.heartbeat(), this.#options.heartbeatMs);
    // The heartbeat alone must not keep the process alive.
    this.#timer.unref();
  }

  /** The last revision broadcast. */
  get revision(): number | undefined {
    return this.#revision;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  /**
   * Adds a client that already has everything up to `revision`. Returns false when frames
   * it lacks are no longer in memory (the caller replays them from the store and retries).
   */
  attach(client: StreamClient, revision: number): boolean {
    if (this.#closed) {
      client.close();
      return true;
    }
    const missed = this.#ring.filter((f) => f.revision > revision);
    const oldest = this.#ring[0]?.revision;
    const current = this.#revision ?? revision;
    if (current > revision && (oldest === undefined || oldest > revision + 1)) return false;
    for (const frame of missed) client.send(frame.text);
    this.#subscribers.set(client, { revision: Math.max(revision, current) });
    return true;
  }

  detach(client: StreamClient): void {
    this.#subscribers.delete(client);
  }

  /** Ends the streams opened with the token `tokenId` (it was revoked); how many. */
  closeStreamsOf(tokenId: string): number {
    let closed = 0;
    for (const client of this.#subscribers.keys()) {
      if (client.tokenId !== tokenId) continue;
      client.close();
      this.#subscribers.delete(client);
      closed++;
    }
    return closed;
  }

  /** Something committed: broadcast what is new. */
  notify(): void {
    if (this.#closed || this.#revision === undefined) return;
    this.#dirty = true;
    if (!this.#pumping) void this.#pump();
  }

  /** Writes a ping to every stream; also catches up on any change a failed read missed. */
  heartbeat(): void {
    for (const client of this.#subscribers.keys()) client.send(SSE_PING);
    this.notify();
  }

  /** Ends every stream and the heartbeat. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const client of this.#subscribers.keys()) client.close();
    this.#subscribers.clear();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#dirty && !this.#closed) {
        this.#dirty = false;
        let batch: StoredChange[];
        do {
          batch = await this.#options.readChanges(this.#revision ?? 0, BATCH);
          for (const change of batch) this.#broadcast(change);
        } while (batch.length === BATCH && !this.#closed);
      }
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#pumping = false;
    }
  }

  #broadcast(change: StoredChange): void {
    const frame = {
      revision: change.revision,
      text: sseEvent(StreamEventName.CHANGE, change.revision, change.payload),
    };
    this.#ring.push(frame);
    if (this.#ring.length > (this.#options.ringSize ?? 1024)) this.#ring.shift();
    this.#revision = change.revision;
    for (const [client, subscriber] of this.#subscribers) {
      if (client.closed) {
        this.#subscribers.delete(client);
      } else if (subscriber.revision < change.revision) {
        client.send(frame.text);
        subscriber.revision = change.revision;
      }
    }
    this.#options.onBroadcast?.(change.revision);
  }
}
