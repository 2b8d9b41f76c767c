import { formatPercentage } from '../lib/format.js';

export interface PercentageMeterProps {
  /** What sessions get now (0 when the flag is off). */
  readonly percentage: number;
  /** The flag's configured percentage, when it differs (a disabled flag keeps one). */
  readonly configured?: number | undefined;
}

/** The served percentage as a number and a bar. */
export function PercentageMeter({ percentage, configured }: PercentageMeterProps) {
  return (
    <span className="meter">
      <span className="meter-value">{formatPercentage(percentage)}</span>
      <span className="meter-track" aria-hidden="true">
        <span className="meter-fill" style={{ width: `${Math.min(100, percentage)}%` }} />
      </span>
      {configured !== undefined && configured !== percentage && (
        <span className="meter-note">set to {formatPercentage(configured)}</span>
      )}
    </span>
  );
}
