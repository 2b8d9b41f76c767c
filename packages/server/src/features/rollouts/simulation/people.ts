import { approve, confirmReadiness, resume } from '../controller/commands.js';
import type { Outcome } from '../controller/outcome.js';
import type { RunState } from '../controller/state.js';
import type { Plan } from '../plan/plan.js';
import type { Scenario } from './scenario.js';

/**
 * The people of a simulation: readiness owners who confirm their items, approvers who say go
 * after a while, and (if the scenario says so) an operator who resumes a paused run. They act
 * through the same commands a real person's request would.
 */
export function peopleAct(
  plan: Plan,
  state: RunState,
  scenario: Scenario,
  clock: { start: number; now: number },
): Outcome[] {
  const { people } = scenario;
  const { now } = clock;
  const outcomes: Outcome[] = [];
  let current = state;
  const apply = (result: ReturnType<typeof approve>): void => {
    if (!result.ok) return;
    outcomes.push(result.outcome);
    current = result.outcome.nextState;
  };
  if (current.status === 'pending' && due(people.confirmReadinessAfterMs, clock.start, now)) {
    for (const item of plan.readiness)
      apply(confirmReadiness(plan, current, { item: item.id, name: item.owner }, now));
  }
  if (current.status === 'awaiting-approval' && due(people.approveAfterMs, current.since, now)) {
    const rule = plan.phases[current.nextPhase]?.approvals;
    const names =
      rule?.approvers ?? Array.from({ length: rule?.required ?? 0 }, (_, i) => `approver-${i + 1}`);
    for (const name of names.slice(0, rule?.required ?? 0)) {
      if (current.status !== 'awaiting-approval') break;
      apply(
        approve(plan, current, { name, rationale: 'simulated approval: the gates passed' }, now),
      );
    }
  }
  const stuck =
    current.status === 'paused' || (current.status === 'held' && current.until === null);
  if (stuck && due(people.resumeAfterMs, current.since, now)) {
    apply(resume(plan, current, { actor: 'operator', reason: 'simulated operator resumes' }, now));
  }
  return outcomes;
}

function due(afterMs: number | null, since: number, now: number): boolean {
  return afterMs !== null && now >= since + afterMs;
}
