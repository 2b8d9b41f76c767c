import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser.js';

const encoder = new TextEncoder();

interface Parsed {
  events: SseEvent[];
  comments: string[];
  retries: number[];
}

function parseChunks(chunks: readonly Uint8Array[]): Parsed {
  const parsed: Parsed = { events: [], comments: [], retries: [] };
  const parser = new SseParser({
    onEvent: (event) => parsed.events.push(event),
    onComment: (text) => parsed.comments.push(text),
    onRetry: (ms) => parsed.retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return parsed;
}

const parseText = (text: string): Parsed => parseChunks([encoder.encode(text)]);

/** Splits bytes at the given cut points (any positions, duplicates allowed). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('SseParser', () => {
  it('reads event, data, id and retry fields', () => {
    const { events, retries } = parseText(
      'retry: 2500\nevent: change\nid: 7\ndata: {"revision":7}\n\n',
    );
    expect(events).toEqual([{ type: 'change', data: '{"revision":7}', id: '7' }]);
    expect(retries).toEqual([2500]);
  });

  it('joins multi-line data with \\n and names unnamed events "message"', () => {
    expect(parseText('data: a\ndata:  b\ndata\n\n').events).toEqual([
      { type: 'message', data: 'a\n b\n', id: '' },
    ]);
  });

  it('accepts LF, CRLF and CR line endings, mixed', () => {
    const { events } = parseText('data: one\r\n\r\ndata: two\r\rdata: three\n\n');
    expect(events.map((event) => event.data)).toEqual(['one', 'two', 'three']);
  });

  it('reports comments (heartbeats) and dispatches nothing for them', () => {
    const parsed = parseText(': ping\n\n:\n\n');
    expect(parsed.comments).toEqual([' ping', '']);
    expect(parsed.events).toEqual([]);
  });

  it('keeps the last event id for events without one, and ignores ids with NUL', () => {
    const { events } = parseText(
      'id: 3\ndata: a\n\ndata: b\n\nid: 4\0\ndata: c\n\nid\ndata: d\n\n',
    );
    expect(events.map((event) => event.id)).toEqual(['3', '3', '3', '']);
  });

  it('ignores unknown fields, bad retry values and a lone space-less colon value', () => {
    const { events, retries } = parseText('foo: bar\nretry: 12x\nretry:\ndata:x\n\n');
    expect(events).toEqual([{ type: 'message', data: 'x', id: '' }]);
    expect(retries).toEqual([]);
  });

  it('resets the event type after each dispatch, even when no data was sent', () => {
    const { events } = parseText('event: change\n\ndata: a\n\n');
    expect(events).toEqual([{ type: 'message', data: 'a', id: '' }]);
  });

  it('strips a leading BOM and discards an event cut off by the end of the stream', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('data: a\n\ndata: cut')]);
    expect(parseChunks([bytes]).events).toEqual([{ type: 'message', data: 'a', id: '' }]);
  });

  it('does not take the LF of a CRLF split across chunks for a second line break', () => {
    const chunks = ['data: a\r', '\n', '\r', '\ndata: b\r\n\r\n'].map((text) =>
      encoder.encode(text),
    );
    expect(parseChunks(chunks).events.map((event) => event.data)).toEqual(['a', 'b']);
  });

  it('refuses an event longer than its limit', () => {
    const parser = new SseParser({ onEvent: () => undefined }, { maxEventChars: 16 });
    parser.push(encoder.encode('data: 0123456789\n'));
    expect(() => parser.push(encoder.encode('data: 0123456789'))).toThrow(RangeError);
  });

  it('decodes UTF-8 sequences split across chunks', () => {
    const bytes = encoder.encode('data: é🚀\n\n');
    const chunks = [...bytes].map((byte) => new Uint8Array([byte]));
    expect(parseChunks(chunks).events[0]?.data).toBe('é🚀');
  });
});

// A stream written by a model: events with any text (newlines excepted: they end lines),
// comments and retry fields, with any mix of line endings.
const fieldText = fc
  .string({ unit: 'grapheme', maxLength: 12 })
  .map((s) => s.replace(/[\r\n]/g, ''));
const newline = fc.constantFrom('\n', '\r\n', '\r');
const modelEvent = fc.record({
  type: fc.option(
    fieldText.filter((s) => s !== ''),
    { nil: undefined },
  ),
  id: fc.option(
    fieldText.map((s) => s.replace(/\0/g, '')),
    { nil: undefined },
  ),
  data: fc.array(fieldText, { minLength: 1, maxLength: 4 }),
  comment: fc.option(fieldText, { nil: undefined }),
});

interface ModelEvent {
  type: string | undefined;
  id: string | undefined;
  data: string[];
  comment: string | undefined;
}

function writeStream(events: readonly ModelEvent[], endings: readonly string[]): string {
  let text = '';
  let n = 0;
  const line = (content: string): void => {
    let ending = endings[n++ % endings.length] ?? '\n';
    // CR then LF is one line break: an empty line after a CR must not end with a lone LF.
    if (content === '' && ending === '\n' && text.endsWith('\r')) ending = '\r\n';
    text += content + ending;
  };
  for (const event of events) {
    if (event.comment !== undefined) line(`:${event.comment}`);
    if (event.type !== undefined) line(`event: ${event.type}`);
    if (event.id !== undefined) line(`id: ${event.id}`);
    for (const data of event.data) line(`data: ${data}`);
    line('');
  }
  return text;
}

describe('SseParser properties', () => {
  it('gives the same events for any split of the byte stream into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(modelEvent, { maxLength: 6 }),
        fc.array(newline, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (events, endings, cuts) => {
          const bytes = encoder.encode(writeStream(events, endings));
          expect(parseChunks(split(bytes, cuts))).toEqual(parseChunks([bytes]));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back the events that were written', () => {
    fc.assert(
      fc.property(
        fc.array(modelEvent, { maxLength: 6 }),
        fc.array(newline, { minLength: 1, maxLength: 5 }),
        (events, endings) => {
          const parsed = parseText(writeStream(events, endings));
          let id = '';
          const expected = events.map((event) => {
            id = event.id ?? id;
            return { type: event.type ?? 'message', data: event.data.join('\n'), id };
          });
          expect(parsed.events).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        parseChunks(chunks);
      }),
    );
  });
});
