import { readFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { parseSnapshot, type SnapshotPayload } from './payload.js';

const FORMAT = 'ramp-sdk-cache/1';

/**
 * Reads the last configuration this SDK saved. Missing file: nothing, silently (first start).
 * Unreadable, malformed, or saved from another control plane URL: nothing, with a warning.
 * Synchronous on purpose: it runs once in the constructor, so the very first evaluation can
 * already use the cached configuration.
 */
export function readCacheFile(
  path: string,
  url: string,
  logger: Logger,
): SnapshotPayload | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn(`cache file ${path}: ${(err as Error).message}; not used`);
    }
    return undefined;
  }
  try {
    const data = JSON.parse(text) as { format?: unknown; url?: unknown; snapshot?: unknown };
    if (data.format !== FORMAT) throw new Error(`expected format "${FORMAT}"`);
    if (data.url !== url) {
      logger.warn(
        `cache file ${path} holds the config of ${String(data.url)}, not ${url}; not used`,
      );
      return undefined;
    }
    const parsed = parseSnapshot(data.snapshot);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  } catch (err) {
    logger.warn(`cache file ${path} is not a Ramp SDK cache (${(err as Error).message}); not used`);
    return undefined;
  }
}

/**
 * Saves each applied configuration so that a restart with the server down starts from it.
 * Writes go to a temporary file renamed over the cache, so a reader (or a crash) never sees a
 * half-written file. One write at a time; snapshots arriving meanwhile are coalesced into the
 * newest one.
 */
export class CacheFileWriter {
  readonly #path: string;
  readonly #url: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  #writing = false;
  #pending: SnapshotPayload | undefined;
  #closed = false;
  #failed = false;

  constructor(options: { path: string; url: string; logger: Logger; now: () => number }) {
    this.#path = options.path;
    this.#url = options.url;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  save(snapshot: SnapshotPayload): void {
    if (this.#closed) return;
    this.#pending = snapshot;
    if (!this.#writing) void this.#drain();
  }

  /** Stops saving. A write already under way completes (it holds no timer). */
  close(): void {
    this.#closed = true;
    this.#pending = undefined;
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#pending !== undefined && !this.#closed) {
      const snapshot = this.#pending;
      this.#pending = undefined;
      await this.#write(snapshot);
    }
    this.#writing = false;
  }

  async #write(snapshot: SnapshotPayload): Promise<void> {
    const savedAt = new Date(this.#now()).toISOString();
    const text = JSON.stringify({ format: FORMAT, url: this.#url, savedAt, snapshot });
    const temp = `${this.#path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(dirname(this.#path), { recursive: true });
      await writeFile(temp, text + '\n');
      await rename(temp, this.#path);
      this.#failed = false;
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      // One warning per run of failures: a read-only disk must not flood the log.
      if (!this.#failed) {
        this.#logger.warn(`cache file ${this.#path}: ${(err as Error).message}; not saved`);
      }
      this.#failed = true;
    }
  }
}
