// Many SSE clients on plain TCP sockets: a hand-written HTTP/1.1 GET, then a small chunked
// decoder and SSE framer, so the load generator spends as little as it can per event and
// every arrival is timed when its bytes are read (performance.now() at the socket's 'data').

import net from 'node:net';

/**
 * One stream. `changes` maps a change event's revision to the time it arrived; `snapshot` is
 * set when the first event (the snapshot) is complete. `keepPayloads` keeps the data of change
 * events (one client, to check their content).
 */
class SseClient {
  constructor(index, keepPayloads) {
    this.index = index;
    this.keepPayloads = keepPayloads;
    this.status = undefined;
    this.error = undefined;
    this.snapshot = undefined; // { revision, at, flags }
    this.changes = new Map(); // revision -> ms
    this.payloads = new Map(); // revision -> data (keepPayloads only)
    this.unexpected = 0; // change events out of order or repeated
    this.closed = false;
    this.socket = undefined;
    this.raw = ''; // undecoded bytes (latin1: one char per byte, so chunk sizes line up)
    this.body = ''; // decoded SSE text not yet split into events
    this.state = 'headers';
    this.chunkLeft = 0;
    this.chunked = false;
  }

  onData(text, now) {
    this.raw += text;
    for (;;) {
      if (this.state === 'headers') {
        const end = this.raw.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = this.raw.slice(0, end);
        this.raw = this.raw.slice(end + 4);
        this.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
        this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
        if (this.status !== 200) {
          this.fail(`HTTP ${this.status}`);
          return;
        }
        this.state = this.chunked ? 'size' : 'identity';
      } else if (this.state === 'identity') {
        this.body += this.raw;
        this.raw = '';
        this.frames(now);
        return;
      } else if (this.state === 'size') {
        const end = this.raw.indexOf('\r\n');
        if (end === -1) return;
        const size = parseInt(this.raw.slice(0, end), 16);
        this.raw = this.raw.slice(end + 2);
        if (!(size > 0)) {
          this.state = 'done';
          return;
        }
        this.chunkLeft = size;
        this.state = 'data';
      } else if (this.state === 'data') {
        if (this.raw.length === 0) return;
        const take = Math.min(this.chunkLeft, this.raw.length);
        this.body += take === this.raw.length ? this.raw : this.raw.slice(0, take);
        this.raw = take === this.raw.length ? '' : this.raw.slice(take);
        this.chunkLeft -= take;
        if (this.chunkLeft === 0) this.state = 'crlf';
        this.frames(now);
      } else if (this.state === 'crlf') {
        if (this.raw.length < 2) return;
        this.raw = this.raw.slice(2);
        this.state = 'size';
      } else {
        return;
      }
    }
  }

  frames(now) {
    let end;
    while ((end = this.body.indexOf('\n\n')) !== -1) {
      const frame = this.body.slice(0, end);
      this.body = this.body.slice(end + 2);
      this.event(frame, now);
    }
  }

  event(frame, now) {
    if (frame.startsWith(':')) return; // heartbeat
    let id;
    let name;
    let data;
    for (const line of frame.split('\n')) {
      if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (name === 'snapshot') {
      const snapshot = JSON.parse(Buffer.from(data ?? '{}', 'latin1').toString('utf8'));
      this.snapshot = { revision: id, at: now, flags: snapshot.flags?.length };
      this.onSnapshot?.();
    } else if (name === 'change') {
      if (this.changes.has(id)) this.unexpected++;
      else this.changes.set(id, now);
      if (this.keepPayloads) this.payloads.set(id, Buffer.from(data, 'latin1').toString('utf8'));
      this.onChange?.(id);
    }
  }

  fail(message) {
    this.error ??= message;
    this.onSnapshot?.();
    this.close();
  }

  close() {
    this.closed = true;
    this.socket?.destroy();
  }
}

/**
 * Opens `count` streams to `${url}/api/v1/stream`, at most `concurrency` still waiting for
 * their snapshot at a time, and resolves once every one has its snapshot or has failed (or
 * `timeoutMs` passed). Failures are kept on each client (`error`), not thrown.
 */
export async function openStreams({ url, token, count, concurrency = 100, timeoutMs = 30_000 }) {
  const { hostname, port } = new URL(url);
  const request =
    `GET /api/v1/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
    `Authorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`;
  const clients = Array.from({ length: count }, (_, i) => new SseClient(i, i === 0));
  const deadline = Date.now() + timeoutMs;
  let next = 0;

  await new Promise((resolve) => {
    let settled = 0;
    let timer;
    const done = () => {
      settled++;
      if (settled === count) {
        clearTimeout(timer);
        resolve();
      } else if (next < count) {
        start(clients[next++]);
      }
    };
    const start = (client) => {
      let counted = false;
      client.onSnapshot = () => {
        if (counted) return;
        counted = true;
        done();
      };
      const socket = net.connect({ host: hostname, port: Number(port) });
      client.socket = socket;
      socket.setNoDelay(true);
      socket.setEncoding('latin1');
      socket.on('connect', () => socket.write(request));
      socket.on('data', (text) => client.onData(text, performance.now()));
      socket.on('error', (error) => client.fail(error.code ?? error.message));
      socket.on('close', () => {
        client.closed = true;
        if (client.snapshot === undefined) client.fail(client.error ?? 'closed before snapshot');
      });
    };
    timer = setTimeout(
      () => {
        for (const client of clients) {
          if (client.snapshot === undefined) client.error ??= 'no snapshot in time';
        }
        resolve();
      },
      Math.max(0, deadline - Date.now()),
    );
    while (next < Math.min(concurrency, count)) start(clients[next++]);
  });
  return clients;
}

/** Waits until `predicate()` holds (checked every 10 ms) or `timeoutMs` passes. */
export async function waitFor(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
