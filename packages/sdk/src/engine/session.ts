/** The id every blank, null or undefined session id is bucketed as. */
export const DEFAULT_SESSION_ID = 'default-session';

/**
 * `String(id).trim()`, with null, undefined, empty or blank ids (and ids whose conversion to a
 * string throws) mapped to {@link DEFAULT_SESSION_ID}. Nothing else is changed, so an id is
 * bucketed the same way in every part of Ramp.
 *
 * @example
 * normalizeSessionId('  user-42 ') // 'user-42'
 * normalizeSessionId(undefined)    // 'default-session'
 */
export function normalizeSessionId(id: unknown): string {
  let s: string;
  if (typeof id === 'string') {
    s = id;
  } else if (id === null || id === undefined) {
    return DEFAULT_SESSION_ID;
  } else {
    try {
      // Any value is accepted as an id, as String() renders it.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      s = String(id);
    } catch {
      return DEFAULT_SESSION_ID;
    }
  }
  const n = s.length;
  // Every character trim() removes is a space, a control character or above U+007F, so an id
  // that starts and ends with printable ASCII is returned as it is, without a scan.
  if (n !== 0) {
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(n - 1);
    if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return s;
  }
  const trimmed = s.trim();
  return trimmed.length === 0 ? DEFAULT_SESSION_ID : trimmed;
}
