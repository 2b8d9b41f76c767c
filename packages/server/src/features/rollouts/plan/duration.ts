/** Durations in plan and scenario files: `30s`, `10m`, `1h30m`, `2d`. */
export const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d))+$';
export const DURATION_EXPECTED = 'expected a duration like 10m';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /([0-9]+)(ms|s|m|h|d)/g;

/**
 * The length of a duration in milliseconds, or null when the text is not a duration.
 *
 * @example
 * parseDuration('1h30m') // 5_400_000
 */
export function parseDuration(text: string): number | null {
  if (!new RegExp(DURATION_PATTERN).test(text)) return null;
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  }
  return total;
}
