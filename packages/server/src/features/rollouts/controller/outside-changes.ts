import { evidence, type Evidence } from './evidence.js';
import { pauseOutcome } from './decisions.js';
import type { Outcome } from './outcome.js';
import type { RunState } from './state.js';

/** What the flags of a plan serve right now, as the store holds them. */
export interface LiveFlags {
  /** The kill switch is pulled: every flag serves off. */
  readonly killAll: boolean;
  /** Percentage served per flag key: 0 when disabled; archived or missing flags are absent. */
  readonly percentages: ReadonlyMap<string, number>;
}

/**
 * A running or held plan whose flags no longer serve what the plan set — someone rolled one
 * back, changed its percentage or pulled the kill switch — stops where it is: the controller
 * must never undo a person's rollback at its next step. The run is paused with one piece of
 * evidence per flag that moved; a person resumes it (which sets the flags again), holds it or
 * rolls it back. Null while every flag serves what the plan set.
 *
 * @example
 * const paused = pauseOnOutsideChanges(state, { killAll: false, percentages }, now);
 * if (paused !== null) await service.record(stored, paused, paused.actor);
 */
export function pauseOnOutsideChanges(
  state: RunState,
  live: LiveFlags,
  now: number,
): Outcome | null {
  if (state.status !== 'running' && state.status !== 'held') return null;
  const moved: Evidence[] = [];
  for (const [flag, expected] of Object.entries(state.percentages)) {
    const actual = live.killAll ? 0 : (live.percentages.get(flag) ?? 0);
    if (actual === expected) continue;
    const why = live.killAll ? 'the kill switch is pulled' : 'changed outside the plan';
    moved.push(
      evidence({
        kind: 'flag',
        name: flag,
        flag,
        verdict: 'fail',
        value: actual,
        threshold: expected,
        text: `${flag} serves ${actual} % but the plan set ${expected} % (${why})`,
      }),
    );
  }
  if (moved.length === 0) return null;
  const reason = moved.map((e) => e.text).join('; ');
  return pauseOutcome(state, { now, evidence: moved, by: 'controller', reason });
}
