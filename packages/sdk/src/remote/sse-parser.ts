/** One dispatched server-sent event. */
export interface SseEvent {
  /** The `event` field, or `message` when the event named none. */
  readonly type: string;
  /** The `data` lines joined with `\n`. */
  readonly data: string;
  /** The last `id` seen on the stream so far (the spec's "last event ID"), `''` before any. */
  readonly id: string;
}

/** What the parser reports. Callbacks run synchronously inside `push`. */
export interface SseHandlers {
  readonly onEvent: (event: SseEvent) => void;
  /** A comment line (`: ping`), without the leading colon. Servers use them as heartbeats. */
  readonly onComment?: (text: string) => void;
  /** A valid `retry` field: the server's reconnection delay in milliseconds. */
  readonly onRetry?: (ms: number) => void;
}

/** Limits what one event may buffer, so a stream that never ends a line cannot eat memory. */
export interface SseLimits {
  /** Characters of one event (its pending line and data), default 16 Mi. */
  readonly maxEventChars?: number;
}

const LF = 10;
const CR = 13;
const DIGITS = /^[0-9]+$/;

/**
 * An incremental parser for `text/event-stream` bodies, as the WHATWG HTML spec defines them
 * (§9.2.6): UTF-8 with an optional BOM; lines end with CRLF, LF or CR; `event`, `data`, `id`
 * and `retry` fields; comments; an event is dispatched at a blank line. Bytes may be split
 * anywhere, even inside a UTF-8 sequence or between the CR and LF of one line break: any
 * chunking of a stream gives the same events.
 *
 * @example
 * const parser = new SseParser({ onEvent: (e) => console.log(e.type, e.data) });
 * parser.push(new TextEncoder().encode('event: change\ndata: {"revision":2}\n\n'));
 * // change {"revision":2}
 */
export class SseParser {
  readonly #handlers: SseHandlers;
  readonly #maxEventChars: number;
  readonly #decoder = new TextDecoder('utf-8');
  #line = '';
  #skipLineFeed = false;
  #type = '';
  #data: string[] = [];
  #dataChars = 0;
  #lastEventId = '';

  constructor(handlers: SseHandlers, limits: SseLimits = {}) {
    this.#handlers = handlers;
    this.#maxEventChars = limits.maxEventChars ?? 16 * 1024 * 1024;
  }

  /** Feeds the next bytes of the stream. Throws a RangeError when an event exceeds the limit. */
  push(chunk: Uint8Array): void {
    this.#feed(this.#decoder.decode(chunk, { stream: true }));
  }

  /**
   * The stream ended. An event without its closing blank line is discarded, as the spec says;
   * the parser can then read a new stream (the last event ID is kept).
   */
  end(): void {
    this.#feed(this.#decoder.decode());
    this.#line = '';
    this.#skipLineFeed = false;
    this.#type = '';
    this.#data = [];
    this.#dataChars = 0;
  }

  #feed(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.#skipLineFeed && text.charCodeAt(0) === LF) start = 1;
    this.#skipLineFeed = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      const line = this.#line + text.slice(start, i);
      this.#line = '';
      if (code === CR) {
        if (i + 1 === text.length) this.#skipLineFeed = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
      this.#processLine(line);
    }
    this.#line += text.slice(start);
    if (this.#line.length + this.#dataChars > this.#maxEventChars) {
      throw new RangeError(`an event exceeds ${this.#maxEventChars} characters`);
    }
  }

  #processLine(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      this.#handlers.onComment?.(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#type = value;
        break;
      case 'data':
        this.#data.push(value);
        this.#dataChars += value.length + 1;
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) this.#handlers.onRetry?.(Number(value));
        break;
      default:
      // Unknown fields are ignored.
    }
  }

  #dispatch(): void {
    const data = this.#data;
    const type = this.#type;
    this.#data = [];
    this.#dataChars = 0;
    this.#type = '';
    if (data.length === 0) return;
    this.#handlers.onEvent({
      type: type || 'message',
      data: data.join('\n'),
      id: this.#lastEventId,
    });
  }
}
