import type { Evidence } from '../lib/plans.js';
import { formatNumber } from '../lib/plans.js';
import { VerdictBadge } from './plan-badges.js';

/** Gates and triggers (and other checks) of a decision: the numbers and the sentence. */
export function EvidenceTable({
  evidence,
  caption,
}: {
  readonly evidence: readonly Evidence[];
  readonly caption: string;
}) {
  if (evidence.length === 0) return <p className="empty">No checks were evaluated.</p>;
  return (
    <table className="table evidence-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Value</th>
          <th scope="col">Threshold</th>
          <th scope="col">n</th>
          <th scope="col">Statistic</th>
          <th scope="col">Verdict</th>
          <th scope="col">In words</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, i) => (
          <tr key={`${i}-${e.kind}-${e.name}`} data-check={e.name}>
            <th scope="row" data-label="Check">
              <span className="check-kind">{e.kind}</span> {e.name}
            </th>
            <td data-label="Value">{formatNumber(e.value)}</td>
            <td data-label="Threshold">{formatNumber(e.threshold)}</td>
            <td data-label="n">{formatNumber(e.sampleSize)}</td>
            <td data-label="Statistic">
              {e.statistic === null
                ? '—'
                : `${e.statistic.name} = ${formatNumber(e.statistic.value)}`}
            </td>
            <td data-label="Verdict">
              <VerdictBadge verdict={e.verdict} />
            </td>
            <td data-label="In words">{e.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
