import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser.js';

function parse(...chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return messages;
}

describe('createSseParser', () => {
  it('reads named events with ids, and skips heartbeats', () => {
    const messages = parse(
      'id: 3\nevent: snapshot\ndata: {"revision":3}\n\n',
      ': ping\n\n',
      'id: 4\nevent: change\ndata: {"revision":4}\n\n',
    );
    expect(messages).toEqual([
      { event: 'snapshot', data: '{"revision":3}', id: '3' },
      { event: 'change', data: '{"revision":4}', id: '4' },
    ]);
  });

  it('joins events split across chunks at any point, CRLF included', () => {
    const text = 'id: 9\r\nevent: change\r\ndata: {"a":\r\ndata: 1}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut))).toEqual([
        { event: 'change', data: '{"a":\n1}', id: '9' },
      ]);
    }
  });

  it('waits for the blank line before dispatching, and keeps the last id', () => {
    expect(parse('id: 1\ndata: x\n')).toEqual([]);
    expect(parse('id: 1\ndata: x\n\ndata: y\n\n')).toEqual([
      { event: 'message', data: 'x', id: '1' },
      { event: 'message', data: 'y', id: '1' },
    ]);
  });
});
