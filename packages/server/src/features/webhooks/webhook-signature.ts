import { createHmac } from 'node:crypto';

/**
 * The `X-Ramp-Signature` value of a body: `sha256=` and the hex HMAC-SHA256 of the exact
 * bytes sent, keyed with the shared secret. Receivers compute the same and compare in
 * constant time.
 *
 * @example
 * signBody('{"text":"hi"}', 'secret') // 'sha256=…'
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
