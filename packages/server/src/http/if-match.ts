import { invalidField } from './app-error.js';

const VERSION = /^(?:W\/)?"?([1-9]\d{0,9})"?$/;

/**
 * The version a write is based on, from `If-Match` (`"3"`, `3` or `W/"3"`) or the body's
 * `version`; undefined when neither is given. Both given and different is a 400.
 */
export function expectedVersion(
  header: string | string[] | undefined,
  bodyVersion: number | undefined,
): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || text.trim() === '') return bodyVersion;
  const match = VERSION.exec(text.trim());
  if (match?.[1] === undefined) {
    throw invalidField('If-Match', 'expected a flag version like "3"');
  }
  const version = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw invalidField('version', `the body says ${bodyVersion} but If-Match says ${version}`);
  }
  return version;
}
