import { decide } from '../controller/decide.js';
import type { Outcome } from '../controller/outcome.js';
import { initialState, isFinished, type RunState } from '../controller/state.js';
import { MemoryMetricStore } from '../metrics/memory-metric-store.js';
import type { Plan } from '../plan/plan.js';
import { peopleAct } from './people.js';
import { Random } from './random.js';
import { eventsAt, modelAt, type Scenario } from './scenario.js';
import { SessionPool } from './session-pool.js';
import { TrafficGenerator } from './traffic.js';

const MINUTE = 60_000;
/** When neither the scenario nor the plan says when to start: Monday 2025-01-06 09:00 UTC. */
const DEFAULT_START = Date.UTC(2025, 0, 6, 9, 0, 0);
/** Fresh synthetic sessions per run are taken from a random block this far into the pool. */
const POOL_SPREAD = 250_000;

/** One recorded decision in virtual time. */
export interface TimelineEntry {
  readonly at: number;
  readonly elapsedMs: number;
  readonly outcome: Outcome;
}

export interface Timeline {
  readonly plan: string;
  readonly scenario: string;
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  readonly entries: readonly TimelineEntry[];
  readonly final: RunState;
  readonly sessions: number;
  /** Why the simulation stopped: finished, waiting for a person, or out of time. */
  readonly stopped: 'finished' | 'waiting-for-a-person' | 'end-of-scenario';
}

export interface SimulateOptions {
  readonly seed: number;
  /** Share one pool between runs to hash each synthetic session once. */
  readonly pool?: SessionPool | undefined;
}

/**
 * Runs a plan against a scenario in virtual time: every simulated minute, the people act,
 * `decide()` — the same function the server runs — judges the minute's data, and one minute
 * of synthetic traffic is generated at the percentages it chose. Deterministic for a seed.
 *
 * @example
 * const timeline = simulate(plan, scenario, { seed: 1 });
 * console.log(formatTimeline(timeline));
 */
export function simulate(plan: Plan, scenario: Scenario, options: SimulateOptions): Timeline {
  return new Simulation(plan, scenario, options).run();
}

/** One run's virtual clock, data and state. */
class Simulation {
  readonly #plan: Plan;
  readonly #scenario: Scenario;
  readonly #seed: number;
  readonly #store = new MemoryMetricStore();
  readonly #traffic: TrafficGenerator;
  readonly #start: number;
  readonly #firstSession: number;
  readonly #entries: TimelineEntry[] = [];
  #session: number;
  #state: RunState;

  constructor(plan: Plan, scenario: Scenario, options: SimulateOptions) {
    const random = new Random(options.seed);
    const pool = options.pool ?? new SessionPool();
    const cohortFlag = scenario.cohortFlag ?? plan.flags[0]?.key ?? null;
    this.#plan = plan;
    this.#scenario = scenario;
    this.#seed = options.seed;
    this.#traffic = new TrafficGenerator({ plan, pool, random, store: this.#store, cohortFlag });
    this.#start = scenario.start ?? plan.startAt ?? DEFAULT_START;
    // A shared pool hands each run its own block of fresh sessions.
    this.#firstSession = options.pool === undefined ? 0 : random.int(POOL_SPREAD);
    this.#session = this.#firstSession;
    this.#state = initialState(plan, this.#start);
  }

  run(): Timeline {
    const end = this.#start + this.#scenario.durationMs;
    let now = this.#start;
    let stopped: Timeline['stopped'] = 'end-of-scenario';
    for (; now <= end; now += MINUTE) {
      peopleAct(this.#plan, this.#state, this.#scenario, { start: this.#start, now }).forEach((o) =>
        this.#record(o),
      );
      const outcome = decide(this.#plan, this.#state, this.#store, now);
      if (outcome.decision !== 'WAIT') this.#record(outcome);
      if (isFinished(this.#state)) stopped = 'finished';
      else if (waitsForAPerson(this.#state, this.#scenario)) stopped = 'waiting-for-a-person';
      if (stopped !== 'end-of-scenario') break;
      this.#minuteOfTraffic(now);
    }
    return {
      ...{ plan: this.#plan.name, scenario: this.#scenario.name, seed: this.#seed },
      ...{
        start: this.#start,
        end: Math.min(now, end),
        entries: this.#entries,
        final: this.#state,
      },
      ...{ sessions: this.#session - this.#firstSession, stopped },
    };
  }

  #record(outcome: Outcome): void {
    this.#entries.push({ at: outcome.at, elapsedMs: outcome.at - this.#start, outcome });
    this.#state = outcome.nextState;
  }

  #minuteOfTraffic(now: number): void {
    const elapsed = now - this.#start;
    const model = modelAt(this.#scenario, elapsed);
    this.#session += this.#traffic.minute(model, this.#state.percentages, now, this.#session);
    for (const event of eventsAt(this.#scenario, elapsed)) {
      this.#store.addCount({ metric: event.metric, flag: null, cohort: 'all' }, now, event.count);
    }
  }
}

function waitsForAPerson(state: RunState, scenario: Scenario): boolean {
  const stuck = state.status === 'paused' || (state.status === 'held' && state.until === null);
  const { people } = scenario;
  const unapproved = state.status === 'awaiting-approval' && people.approveAfterMs === null;
  const unconfirmed = state.status === 'pending' && people.confirmReadinessAfterMs === null;
  return (stuck && people.resumeAfterMs === null) || unapproved || unconfirmed;
}
