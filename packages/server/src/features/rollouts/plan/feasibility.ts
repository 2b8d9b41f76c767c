import type { Report } from './compile-stops.js';
import type { Gate, Phase, Stop } from './plan.js';
import { finalStop } from './plan.js';

/**
 * Rejects gates that could never conclude in a phase, which would hold the rollout forever:
 * reading the ON cohort of a flag that is at 0% throughout the gate's window, the OFF cohort
 * of one at 100%, or comparing ON with OFF when one of them is empty.
 */
export function checkFeasible(phase: Phase, report: Report): void {
  for (const gate of phase.gates) {
    const problem = problemOf(gate, stopsInWindow(phase, gate));
    if (problem !== null) report(gate.source, `in phase ${phase.name}, ${problem}`);
  }
}

function stopsInWindow(phase: Phase, gate: Gate): readonly Stop[] {
  return gate.window.kind === 'phase' ? phase.stops : [finalStop(phase)];
}

function problemOf(gate: Gate, stops: readonly Stop[]): string | null {
  const where = stops.length === 1 ? 'throughout the bake' : 'throughout the phase';
  const values = stops.map((s) => s.percentages[gate.flag] ?? 0);
  const anyOn = values.some((v) => v > 0);
  const anyOff = values.some((v) => v < 100);
  if (gate.kind === 'compare') {
    if (anyOn && anyOff && values.some((v) => v > 0 && v < 100)) return null;
    const side = anyOn ? 'OFF' : 'ON';
    return `${gate.flag} has no ${side} cohort ${where}, so ${gate.name} can never conclude (compare a flag that is between 0% and 100%, or use window: phase)`;
  }
  if (
    gate.kind !== 'threshold' ||
    gate.metric.kind === 'prometheus' ||
    gate.metric.scope === 'global'
  ) {
    return null;
  }
  if (gate.cohort === 'on' && !anyOn) {
    return `${gate.flag} is at 0% ${where}, so ${gate.name} has no ON data to judge`;
  }
  if (gate.cohort === 'off' && !anyOff) {
    return `${gate.flag} is at 100% ${where}, so ${gate.name} has no OFF data to judge`;
  }
  return null;
}
