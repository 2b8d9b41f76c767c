/** Rollout percentages are whole hundredths: 0.01 % steps, 10,000 basis points in all. */
export const BASIS_POINTS = 10_000;

/** True for a number in 0..100 with at most two decimals. */
export function isValidPercentage(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    return false;
  }
  const scaled = value * 100;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/**
 * A percentage in basis points (hundredths of a percent): `10` -> `1000`, `0.25` -> `25`.
 *
 * @example
 * toBasisPoints(12.5) // 1250
 */
export function toBasisPoints(percentage: number): number {
  return Math.round(percentage * 100);
}

const PERCENTAGE_TEXT = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * Reads a percentage written as text (an env var, a file value): `"10"`, `"12.5"`, `"0.01"`.
 * Returns the number, or an error message naming the expected form.
 */
export function parsePercentage(text: string): number | { error: string } {
  const trimmed = text.trim();
  if (!PERCENTAGE_TEXT.test(trimmed)) {
    return {
      error: `expected a percentage from 0 to 100 with at most two decimals, got "${text}"`,
    };
  }
  const value = Number(trimmed);
  if (value > 100) {
    return { error: `expected a percentage from 0 to 100, got "${text}"` };
  }
  return value;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/**
 * Reads an on/off value written as text: true/false/1/0/yes/no/on/off in any case.
 *
 * @example
 * parseBoolean('Yes') // true
 */
export function parseBoolean(text: string): boolean | { error: string } {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return { error: `expected true/false/1/0/yes/no/on/off, got "${text}"` };
}
