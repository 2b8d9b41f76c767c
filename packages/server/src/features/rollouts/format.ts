/** Words and numbers as evidence shows them: `4,812`, `212 ms`, `0.52%`, `1 h 30 min`. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Built once: constructing a number format is far slower than using one.
const FORMATS = Array.from(
  { length: 7 },
  (_, digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }),
);
const COUNT = FORMATS[0] as Intl.NumberFormat;

/** A count with thousands separators: `4812` -> `4,812`. */
export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

/** A number with at most `digits` decimals and no trailing zeros: `212.0` -> `212`. */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  const decimals = abs >= 100 ? Math.min(digits, 1) : abs >= 1 ? digits : digits + 2;
  const text = (FORMATS[Math.min(decimals, FORMATS.length - 1)] ?? COUNT).format(x);
  return text === '-0' ? '0' : text;
}

/** A value in a metric's unit: rates (`%`) are fractions shown as percentages. */
export function formatValue(x: number, unit: string | null): string {
  if (unit === '%') return `${formatNumber(x * 100)}%`;
  if (unit === null || unit === '') return formatNumber(x);
  return `${formatNumber(x)} ${unit}`;
}

/** A signed difference in a metric's unit: `+3.1 ms`, `-0.02%`. */
export function formatSigned(x: number, unit: string | null): string {
  const text = formatValue(x, unit);
  return x > 0 ? `+${text}` : text;
}

/** A duration in words: `45 s`, `10 min`, `1 h 30 min`, `2 d 3 h`. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY)
    return joinUnits(Math.floor(ms / HOUR), 'h', Math.round((ms % HOUR) / MINUTE), 'min');
  return joinUnits(Math.floor(ms / DAY), 'd', Math.round((ms % DAY) / HOUR), 'h');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** An instant as ISO 8601 without milliseconds: `2025-06-02T09:00:00Z`. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
