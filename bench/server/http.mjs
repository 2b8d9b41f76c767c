// A small JSON client for the admin and SDK calls the benchmark makes (not the load itself).

import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Sends one request; resolves { status, body } (body parsed as JSON when it is). */
export function call(baseUrl, method, path, { token, body } = {}) {
  const { hostname, port } = new URL(baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, method, path, headers, agent, timeout: 10_000 },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode, body: parsed });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${path}: timed out`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Like call(), but throws unless the status is 2xx; returns the body. */
export async function ok(baseUrl, method, path, options) {
  const { status, body } = await call(baseUrl, method, path, options);
  if (status < 200 || status > 299) {
    throw new Error(`${method} ${path}: HTTP ${status} ${JSON.stringify(body)}`);
  }
  return body;
}

export function closeAgent() {
  agent.destroy();
}
