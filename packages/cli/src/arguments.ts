import { isValidPercentage, parsePercentage } from '@ramp/sdk';
import { UsageError } from './errors.js';

/** The most samples `ramp distribution` evaluates in one run. */
export const MAX_SAMPLES = 100_000_000;

/** Reads `--samples`: a whole number from 1 to {@link MAX_SAMPLES}. */
export function parseSamples(text: string, option = '--samples'): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${option} must be a positive whole number, got "${text}"`);
  }
  if (value > MAX_SAMPLES) {
    throw new UsageError(`${option} must be at most ${MAX_SAMPLES}, got "${text}"`);
  }
  return value;
}

/** Reads `--percentage`: 0..100 with at most two decimals, as the SDK reads it. */
export function parsePercentageOption(text: string, option = '--percentage'): number {
  const value = parsePercentage(text);
  if (typeof value !== 'number') throw new UsageError(`${option}: ${value.error}`);
  if (!isValidPercentage(value)) {
    throw new UsageError(`${option}: expected a percentage from 0 to 100, got "${text}"`);
  }
  return value;
}

/** Reads a flag key: any non-blank text, used as given (the SDK does not trim keys). */
export function parseFlagKey(text: string, name = '--feature'): string {
  if (text.trim() === '') throw new UsageError(`${name} must be a flag key, got "${text}"`);
  return text;
}

/** A TCP port: a whole number from 0 (any free port) to 65535. */
export function parsePort(text: string, option = '--port'): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65_535) {
    throw new UsageError(`${option} must be a port from 0 to 65535, got "${text}"`);
  }
  return port;
}

/** A reason for the audit log: any text that is not blank, trimmed. */
export function parseReason(text: string, option = '--reason'): string {
  if (text.trim() === '') throw new UsageError(`${option} must not be blank`);
  return text.trim();
}

/** A whole number from `min` to `max` (`--days`, `--limit`). */
export function parseWholeNumber(
  text: string,
  option: string,
  range: { min: number; max: number },
): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(
      `${option} must be a whole number from ${range.min} to ${range.max}, got "${text}"`,
    );
  }
  return value;
}

/** A date or date-time (`2026-01-31`, `2026-01-31T09:00:00Z`), as ISO 8601 in UTC. */
export function parseTime(text: string, option: string): string {
  const time = Date.parse(text.trim());
  if (text.trim() === '' || Number.isNaN(time)) {
    throw new UsageError(`${option} must be an ISO 8601 date or date-time, got "${text}"`);
  }
  return new Date(time).toISOString();
}

/** A comma-separated list (`a,b`): trimmed items, blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** One of a fixed set of words, as given. */
export function parseChoice<T extends string>(
  text: string,
  option: string,
  choices: readonly T[],
): T {
  const choice = choices.find((c) => c === text.trim());
  if (choice === undefined) {
    throw new UsageError(`${option} must be one of ${choices.join(', ')}, got "${text}"`);
  }
  return choice;
}
