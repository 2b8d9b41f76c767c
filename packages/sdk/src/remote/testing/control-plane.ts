import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The control plane side of the wire contract (GET /api/v1/snapshot and /api/v1/stream), as a
// test double with switchable faults: the unit under test is the SDK. Test-only (excluded
// from the build, like packages/server/src/testing).

/**
 * How the server answers. `ok`: normally; `status500`: 500 to everything; `hang`: accepts
 * every request and never answers; `stall`: sends the headers and the start of the body, then
 * nothing; `garbage`: junk on the stream and a non-JSON snapshot; `badJson`: a truncated
 * snapshot event; `badPayload`: a snapshot with an invalid flag.
 */
export type Mode = 'ok' | 'status500' | 'hang' | 'stall' | 'garbage' | 'badJson' | 'badPayload';
export type WireFlag = Record<string, unknown> & { key: string };
export interface KillAll {
  active: boolean;
  reason: string | null;
  since: string | null;
}

/** Every request answered with this (a proxy's 502 page, a 200 login page...). */
export interface Failure {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface ChangeInput {
  flags?: WireFlag[];
  deleted?: string[];
  killAll?: KillAll;
}

export interface RecordedRequest {
  path: string;
  lastEventId?: string;
  ifNoneMatch?: string;
  /** 0 for a request that was never answered. */
  status: number;
}

/** A flag as the server sends it, every field present. */
export function wireFlag(key: string, overrides: Record<string, unknown> = {}): WireFlag {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    ...{ key, description: '', enabled: true, percentage: 100, bucketBy: null, requires: [] },
    ...{ owner: null, permanent: false, archived: false, version: 1, createdAt: at },
    ...{ updatedAt: at, rollbackHistory: [] },
    ...overrides,
  };
}

/** One SSE frame, as the server writes it. */
export function sseFrame(event: string, id: number, data: string): string {
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/** A fake control plane on a free loopback port. Switch its fields to change how it answers. */
export class ControlPlane {
  readonly token = 'sdk-token';
  url = '';
  revision = 1;
  mode: Mode = 'ok';
  /** Only the stream answers 503 (polling still works). */
  streamDown = false;
  /** When set, every request gets this answer. */
  failure: Failure | undefined;
  /** The snapshot endpoint never answers (the stream is not affected). */
  snapshotHangs = false;
  /** When set, the snapshot endpoint answers 200 with this body, whatever the ETag. */
  snapshotBody: string | undefined;
  /** Open streams stay open but send nothing (no heartbeat, no change); new ones too. */
  silent = false;
  killAll: KillAll = { active: false, reason: null, since: null };
  readonly flags = new Map<string, WireFlag>();
  readonly streams = new Set<ServerResponse>();
  /** Requests held open without a (whole) answer (`hang`, `stall`), until the client gives up. */
  readonly hanging = new Set<ServerResponse>();
  /** How many requests were ever held that way. */
  held = 0;
  readonly requests: RecordedRequest[] = [];
  readonly #heartbeatMs: number;
  readonly #history: { revision: number; data: string }[] = [];
  readonly #server: Server = createServer((req, res) => this.#handle(req, res));

  private constructor(heartbeatMs: number) {
    this.#heartbeatMs = heartbeatMs;
  }

  static async start(flags: WireFlag[], options: { heartbeatMs?: number } = {}) {
    const plane = new ControlPlane(options.heartbeatMs ?? 40);
    for (const flag of flags) plane.flags.set(flag.key, flag);
    await new Promise<void>((resolve) => plane.#server.listen(0, '127.0.0.1', resolve));
    plane.url = `http://127.0.0.1:${(plane.#server.address() as AddressInfo).port}`;
    return plane;
  }

  streamRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/api/v1/stream');
  }

  /** Commits a change and pushes it to every open stream (unless silent). */
  change(change: ChangeInput): void {
    const frame = this.#commit(change);
    if (!this.silent) this.send(frame);
  }

  /**
   * Commits a change, writes only the start of its frame (`cutAt` says how many bytes) to
   * every open stream, then ends the responses (`end`) or destroys the connections
   * (`destroy`): a client must resume with `Last-Event-ID` and get the whole change.
   */
  async cutChange(
    change: ChangeInput,
    cutAt: (frame: Buffer) => number,
    how: 'end' | 'destroy',
  ): Promise<void> {
    const frame = Buffer.from(this.#commit(change));
    const cut = frame.subarray(0, cutAt(frame));
    const written = [...this.streams].map(
      (stream) =>
        new Promise<void>((resolve) => {
          if (how === 'end') stream.end(cut, resolve);
          else stream.write(cut, () => resolve(void stream.destroy()));
        }),
    );
    await Promise.all(written);
  }

  /** Writes raw bytes to every open stream. */
  send(text: string | Uint8Array): void {
    for (const stream of this.streams) stream.write(text);
  }

  dropStreams(): void {
    for (const stream of this.streams) stream.destroy();
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #commit(change: ChangeInput): string {
    this.revision++;
    for (const flag of change.flags ?? []) this.flags.set(flag.key, flag);
    for (const key of change.deleted ?? []) this.flags.delete(key);
    if (change.killAll) this.killAll = change.killAll;
    const data = JSON.stringify({ deleted: [], flags: [], ...change, revision: this.revision });
    this.#history.push({ revision: this.revision, data });
    return sseFrame('change', this.revision, data);
  }

  #snapshot(): string {
    const flags = [...this.flags.values()];
    if (this.mode === 'badPayload') flags.push(wireFlag('broken', { percentage: 150 }));
    return JSON.stringify({ revision: this.revision, killAll: this.killAll, flags });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    const status = this.#answer(path, req, res);
    const { 'last-event-id': lastEventId, 'if-none-match': ifNoneMatch } = req.headers;
    this.requests.push({
      path,
      status,
      ...(typeof lastEventId === 'string' && { lastEventId }),
      ...(typeof ifNoneMatch === 'string' && { ifNoneMatch }),
    });
  }

  #answer(path: string, req: IncomingMessage, res: ServerResponse): number {
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.#end(res, 401);
    if (this.mode === 'hang' || this.mode === 'stall') return this.#hold(path, res);
    if (this.failure !== undefined) {
      const { status, contentType, body } = this.failure;
      return this.#end(res, status, body, contentType);
    }
    if (this.mode === 'status500') return this.#end(res, 500);
    if (path === '/api/v1/snapshot') return this.#answerSnapshot(req, res);
    if (path !== '/api/v1/stream') return this.#end(res, 404);
    if (this.streamDown) return this.#end(res, 503);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    this.#stream(req, res);
    return 200;
  }

  /** Never finishes the answer; `stall` sends the headers and a few bytes first. */
  #hold(path: string, res: ServerResponse): number {
    this.held++;
    this.hanging.add(res);
    res.on('close', () => this.hanging.delete(res));
    if (this.mode !== 'stall') return 0;
    if (path === '/api/v1/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`id: ${this.revision + 1}\nevent: change\ndata: {"revision":`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"revision":');
    }
    return 200;
  }

  #answerSnapshot(req: IncomingMessage, res: ServerResponse): number {
    if (this.snapshotHangs) return this.#hold(req.url ?? '', res);
    if (this.snapshotBody !== undefined) return this.#end(res, 200, this.snapshotBody);
    if (this.mode === 'garbage' || this.mode === 'badJson') return this.#end(res, 200, '{nope');
    const etag = `"${this.revision}"`;
    if (req.headers['if-none-match'] === etag) return this.#end(res, 304);
    res.writeHead(200, { 'content-type': 'application/json', etag });
    res.end(this.#snapshot());
    return 200;
  }

  #stream(req: IncomingMessage, res: ServerResponse): void {
    if (this.mode === 'garbage') {
      res.end('\u0000\uFFFD junk\r\nevent: other\ndata: x\n\nevent: snapshot\ndata: {"revi');
      return;
    }
    if (!this.silent) this.#greet(req, res);
    const ping = setInterval(() => {
      if (!this.silent) res.write(': ping\n\n');
    }, this.#heartbeatMs);
    this.streams.add(res);
    res.on('close', () => {
      clearInterval(ping);
      this.streams.delete(res);
    });
  }

  /** A new client gets the snapshot; a resuming one the changes it missed. */
  #greet(req: IncomingMessage, res: ServerResponse): void {
    if (this.mode === 'badJson')
      res.write(sseFrame('snapshot', this.revision, '{"revision": 1, "fl'));
    const resumeAfter = Number(req.headers['last-event-id'] ?? NaN);
    if (this.mode === 'badPayload' || Number.isNaN(resumeAfter)) {
      res.write(sseFrame('snapshot', this.revision, this.#snapshot()));
      return;
    }
    for (const change of this.#history.filter((entry) => entry.revision > resumeAfter)) {
      res.write(sseFrame('change', change.revision, change.data));
    }
  }

  #end(res: ServerResponse, status: number, body = '', contentType = 'application/json'): number {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
    return status;
  }
}

/** Resolves once `check` holds, looking every 5 ms; fails naming `what` after `ms`. */
export async function until(check: () => boolean, what = 'condition', ms = 4000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
