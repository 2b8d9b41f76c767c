/** One server-sent event. `id` is the last id seen on the stream (SSE keeps it across events). */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

/**
 * An incremental parser of the `text/event-stream` format: feed it text as it arrives, in
 * chunks of any size, and it calls `onMessage` once per complete event. Comments (`: ping`)
 * and `retry` fields are skipped; lines may end in `\n`, `\r\n` or `\r`.
 *
 * @example
 * const parser = createSseParser((m) => console.log(m.event, m.data))
 * parser.push('event: change\nid: 7\ndata: {"revision":7}\n\n')
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let lastId: string | undefined;

  function dispatch(): void {
    if (data.length > 0)
      onMessage({ event: event || 'message', data: data.join('\n'), id: lastId });
    event = '';
    data = [];
  }

  function line(text: string): void {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
  }

  return {
    push(chunk: string): void {
      buffer += chunk;
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end === -1) return;
        // A lone `\r` at the very end may be the first half of `\r\n`: wait for more.
        if (buffer[end] === '\r' && end === buffer.length - 1) return;
        const width = buffer.startsWith('\r\n', end) ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + width);
      }
    },
  };
}
