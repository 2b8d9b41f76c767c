import { invalidField } from './app-error.js';

/**
 * The epoch milliseconds of a `date-time` the schema accepted. RFC 3339 also allows what a
 * JavaScript Date cannot hold (a leap second `23:59:60Z`, an RFC 9557 `[zone]` suffix): those
 * are a 400 naming the field, like any other malformed date-time.
 *
 * @example
 * const since = parseDateTime('since', request.query.since) // 1717318800000
 */
export function parseDateTime(field: string, text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalidField(field, 'expected an ISO 8601 date-time');
  return ms;
}
