/**
 * What a decision rests on, one entry per gate, trigger, readiness item or approval: the
 * value, the threshold, the sample size, the test statistic, the verdict, and a sentence a
 * person can read ("p95 injection_latency 212 ms > 200 ms over the last 5 min (n = 4,812):
 * breach 1 of 10 min").
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'fired' | 'clear' | 'no-data' | 'info';

export type EvidenceKind =
  | 'gate'
  | 'trigger'
  | 'readiness'
  | 'approval'
  | 'schedule'
  | 'command'
  /** A flag of the plan serving something else than the plan set. */
  | 'flag';

export interface Evidence {
  readonly kind: EvidenceKind;
  readonly name: string;
  /** Where the check is written in the plan file (`phases[1].gates[0]`), or null. */
  readonly source: string | null;
  readonly verdict: Verdict;
  readonly metric: string | null;
  readonly stat: string | null;
  readonly flag: string | null;
  readonly cohort: string | null;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly sampleSize: number | null;
  /** The test statistic: a z score, a chi-square. */
  readonly statistic: { readonly name: string; readonly value: number } | null;
  /** Further numbers: p-value, interval bounds, breaches, samples still needed. */
  readonly details: Readonly<Record<string, number>>;
  readonly window: { readonly from: number; readonly to: number } | null;
  readonly text: string;
}

/** Evidence with every field not given set to null. */
export function evidence(
  fields: Pick<Evidence, 'kind' | 'name' | 'verdict' | 'text'> & Partial<Evidence>,
): Evidence {
  // Spelled out rather than spread over defaults: this runs for every check every minute.
  return {
    kind: fields.kind,
    name: fields.name,
    source: fields.source ?? null,
    verdict: fields.verdict,
    metric: fields.metric ?? null,
    stat: fields.stat ?? null,
    flag: fields.flag ?? null,
    cohort: fields.cohort ?? null,
    value: fields.value ?? null,
    threshold: fields.threshold ?? null,
    sampleSize: fields.sampleSize ?? null,
    statistic: fields.statistic ?? null,
    details: fields.details ?? {},
    window: fields.window ?? null,
    text: fields.text,
  };
}

/** True when a gate's verdict lets the rollout advance. */
export function isPassing(e: Evidence): boolean {
  return e.verdict === 'pass';
}
