/** One parsed SSE event, or a comment (`: ping`). */
export interface SseMessage {
  readonly event?: string;
  readonly id?: string;
  readonly data?: string;
  readonly comment?: string;
}

export interface SseReader {
  readonly status: number;
  readonly contentType: string | null;
  /** The next message matching `accept` (skipping others); rejects after `timeoutMs`. */
  next(accept?: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

/** Opens an SSE stream with fetch and parses it as it arrives. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const queue: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body?.getReader();
    try {
      for (;;) {
        const { done, value } =
          reader === undefined ? { done: true, value: undefined } : await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          queue.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        wake?.();
      }
    } catch {
      // Aborted by close().
    } finally {
      ended = true;
      wake?.();
    }
  })();

  async function next(accept = (_m: SseMessage) => true, timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = queue.findIndex(accept);
      if (index >= 0) return queue.splice(0, index + 1).at(-1)!;
      if (ended) throw new Error('stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching SSE message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    next,
    close: () => abort.abort(),
  };
}

function parseBlock(block: string): SseMessage {
  const message: { event?: string; id?: string; data?: string; comment?: string } = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('id: ')) message.id = line.slice(4);
    else if (line.startsWith('data: '))
      message.data = (message.data === undefined ? '' : message.data + '\n') + line.slice(6);
  }
  return message;
}

/** Matches `event: <name>`. */
export const isEvent = (name: string) => (m: SseMessage) => m.event === name;
