import { request as httpRequest, type Agent } from 'node:http';

/** A request as it goes on the wire: the path is sent exactly as written (`..`, `%zz`). */
export interface RawRequest {
  readonly method: string;
  /** The request target: path and query string, not normalized or encoded. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | undefined;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Empty for a stream (cut after its headers) and for HEAD. */
  readonly body: string;
  /** True for `text/event-stream`: only the status and headers were read. */
  readonly streamed: boolean;
}

export interface RawOptions {
  /** A keep-alive agent for well-formed requests; none (a connection each) by default. */
  readonly agent?: Agent | undefined;
  readonly timeoutMs?: number | undefined;
}

/**
 * Sends a request with node:http rather than fetch: fetch resolves `..` and `%2e%2e` in the
 * URL and refuses a body on GET, so hostile requests would never reach the server as written.
 * A streaming answer (SSE) is read up to its headers and then cut.
 */
export function sendRaw(
  base: URL,
  request: RawRequest,
  options: RawOptions = {},
): Promise<RawResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        // Without a length, node:http sends no framing for a GET or DELETE body, and the
        // server would read the body as the next request.
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent: options.agent ?? false,
      },
      (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status, headers: res.headers, body: '', streamed: true });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            streamed: false,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on('error', (error) => {
      // The server may close the connection while a refused body is still being sent.
      if (!answered) reject(error);
    });
    req.end(request.body);
  });
}
