import type { Clock } from '../../../clock.js';
import { decide } from '../controller/decide.js';
import type { Decision } from '../controller/outcome.js';
import { prometheusQueries } from '../controller/prometheus-queries.js';
import { readingsWindow } from '../controller/readings-window.js';
import { pauseOnOutsideChanges, type LiveFlags } from '../controller/outside-changes.js';
import { isFinished } from '../controller/state.js';
import { RepeatingTask } from '../../../repeating-task.js';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import type { Readings } from '../metrics/readings.js';
import type { PlanService } from './plan-service.js';
import type { StoredPlan } from './plan-store.js';
import { withPrometheus, type PrometheusSource } from './prometheus-reader.js';

/** The default time between two decisions of every running plan. */
export const DEFAULT_CONTROLLER_INTERVAL_MS = 60_000;

/** Loads the metric readings of a window `[from, to)` (the metrics feature's SQL readings). */
export type LoadReadings = (window: {
  readonly from: number;
  readonly to: number;
}) => Promise<Readings>;

export interface PlanControllerDeps {
  readonly clock: Clock;
  readonly service: PlanService;
  readonly readings: LoadReadings;
  /** Answers the plan's PromQL queries; without it a Prometheus metric reads as no data. */
  readonly prometheus?: PrometheusSource | undefined;
  /** Default 60 s. */
  readonly intervalMs?: number | undefined;
  /**
   * What the flags serve now, read fresh from the store: a run whose flags were changed
   * outside it is paused instead of decided (see `pauseOnOutsideChanges`).
   */
  readonly liveFlags?: (() => Promise<LiveFlags>) | undefined;
  /** A plan whose decision failed (a missing flag, a lost race): the others still run. */
  readonly onError?: ((plan: string, error: unknown) => void) | undefined;
}

/** What one tick decided, per plan (WAIT included). */
export type TickResult = Readonly<Record<string, Decision>>;

/**
 * The loop around `decide()`: every interval it loads each unfinished plan, loads the readings
 * its decision needs (the SQL metrics of its window, then its PromQL queries), decides, and
 * records anything but WAIT through the service (state, decision, percentages and audit in one transaction, then emits). Owns its timer; `close()`
 * stops it and waits for a tick in progress.
 *
 * Only the leading replica runs the loop (see `PostgresCluster`). Should two ever overlap
 * during a takeover, the plan's version check refuses the second write of a decision, so a
 * step is never taken twice.
 *
 * @example
 * const controller = new PlanController({ clock, service, readings: (w) => metrics.readings(w) });
 * controller.start();
 * // ...
 * await controller.close();
 */
export class PlanController {
  readonly #loop: RepeatingTask;

  constructor(private readonly deps: PlanControllerDeps) {
    this.#loop = new RepeatingTask(
      () => this.tick(),
      deps.intervalMs ?? DEFAULT_CONTROLLER_INTERVAL_MS,
      (error) => deps.onError?.('*', error),
    );
  }

  /** Ticks every interval until `stop()`; ticks never overlap. */
  start(): void {
    this.#loop.start();
  }

  /** Stops ticking and waits for a tick in progress (this replica lost the leadership). */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Stops for good. */
  close(): Promise<void> {
    return this.#loop.close();
  }

  /** One decision for every unfinished plan, now. */
  async tick(): Promise<TickResult> {
    const result: Record<string, Decision> = {};
    const plans = await this.deps.service.list();
    // Read after the plans: a person's command that lands in between makes the version check
    // refuse a stale pause, never the other way round.
    const live = plans.some((p) => !isFinished(p.state))
      ? await this.deps.liveFlags?.()
      : undefined;
    for (const stored of plans) {
      if (isFinished(stored.state)) continue;
      try {
        const now = this.deps.clock.now();
        const paused = live === undefined ? null : pauseOnOutsideChanges(stored.state, live, now);
        if (paused !== null) {
          result[stored.name] = paused.decision;
          await this.deps.service.record(stored, paused, paused.actor);
          continue;
        }
        const readings = await this.#load(stored, now);
        const outcome = decide(stored.plan, stored.state, readings, now);
        result[stored.name] = outcome.decision;
        if (outcome.decision !== 'WAIT') {
          await this.deps.service.record(stored, outcome, outcome.actor);
        }
      } catch (error) {
        this.deps.onError?.(stored.name, error);
      }
    }
    return result;
  }

  /** The SQL readings of the plan's window, and its PromQL queries' answers, before deciding. */
  async #load(stored: StoredPlan, now: number): Promise<Readings> {
    const window = readingsWindow(stored.plan, stored.state, now);
    const readings = window === null ? new MemoryMetricStore() : await this.deps.readings(window);
    const queries = prometheusQueries(stored.plan, stored.state, now);
    if (queries.length === 0 || this.deps.prometheus === undefined) return readings;
    return withPrometheus(readings, await this.deps.prometheus.load(queries));
  }
}
