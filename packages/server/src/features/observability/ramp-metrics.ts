import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read from the rest of the app when scraped. */
export interface MetricsSources {
  /** Open SSE streams. */
  readonly sseClients: () => number;
  /** True while this replica leads (runs the plan controller and webhook sender). */
  readonly leader: () => boolean;
}

/**
 * Every Ramp metric, in a Registry of its own: two apps in one process (tests, replicas in
 * one binary) never share counters, and nothing touches prom-client's global registry.
 */
export class RampMetrics {
  readonly registry = new Registry();
  readonly evaluations: Counter<'flag' | 'cohort'>;
  /**
   * Decisions counted since the last scrape, per flag: [on, off]. The evaluate API may serve
   * thousands of decisions a second; adding to plain numbers and handing the totals to the
   * counter when Prometheus scrapes keeps label lookups off the request path.
   */
  readonly #pendingEvaluations = new Map<string, [number, number]>();
  readonly propagationLag: Histogram;
  readonly rolloutDecisions: Counter<'plan' | 'decision'>;
  readonly gateValues: Gauge<'plan' | 'gate'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.evaluations = new Counter({
      name: 'ramp_flag_evaluations_total',
      help: 'Flag decisions served by the evaluate API and OFREP, by flag and cohort (on/off).',
      labelNames: ['flag', 'cohort'],
      registers,
      collect: () => this.#flushEvaluations(),
    });
    new Gauge({
      name: 'ramp_sse_clients',
      help: 'Open SSE streams (SDKs and dashboards following the configuration).',
      registers,
      collect() {
        this.set(sources.sseClients());
      },
    });
    new Gauge({
      name: 'ramp_leader',
      help: 'Is this replica the leader, which runs the plan controller and webhooks (1) or not (0).',
      registers,
      collect() {
        this.set(sources.leader() ? 1 : 0);
      },
    });
    this.propagationLag = new Histogram({
      name: 'ramp_propagation_lag_seconds',
      help: 'Time from a change committing to its frame being written to the open streams.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.rolloutDecisions = new Counter({
      name: 'ramp_rollout_decisions_total',
      help: 'Rollout controller decisions (GO, HOLD, ROLLBACK, PAUSE, APPROVE, RESUME) by plan.',
      labelNames: ['plan', 'decision'],
      registers,
    });
    this.gateValues = new Gauge({
      name: 'ramp_rollout_gate_value',
      help: "The last value of each rollout plan gate's statistic.",
      labelNames: ['plan', 'gate'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'ramp_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
  }

  /** Counts one served decision (folded into the counter at the next scrape). */
  countEvaluation(flag: string, enabled: boolean): void {
    let counts = this.#pendingEvaluations.get(flag);
    if (counts === undefined) {
      counts = [0, 0];
      this.#pendingEvaluations.set(flag, counts);
    }
    counts[enabled ? 0 : 1] += 1;
  }

  #flushEvaluations(): void {
    for (const [flag, [on, off]] of this.#pendingEvaluations) {
      if (on > 0) this.evaluations.inc({ flag, cohort: 'on' }, on);
      if (off > 0) this.evaluations.inc({ flag, cohort: 'off' }, off);
    }
    this.#pendingEvaluations.clear();
  }
}
