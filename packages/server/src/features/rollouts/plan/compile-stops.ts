import { isValidPercentage } from '@ramp/sdk/engine';
import { parseDuration } from './duration.js';
import type { PlanFlag, Stop } from './plan.js';
import type { PhaseFile } from './plan-schema.js';

/** Records one problem found while compiling a plan. */
export type Report = (path: string, message: string) => void;

/**
 * The stops of a phase (its steps, then its percentages) with every flag's percentage
 * filled in from the stop before. Checks that each percentage is valid, that nothing goes
 * down along the plan, and that a nested flag never exceeds a flag it requires.
 */
export function compileStops(
  phase: PhaseFile,
  path: string,
  previous: Readonly<Record<string, number>>,
  context: { readonly flags: readonly PlanFlag[]; readonly report: Report },
): Stop[] {
  const stops: Stop[] = [];
  let before = previous;
  (phase.steps ?? []).forEach((step, j) => {
    const stepPath = `${path}.steps[${j}]`;
    const percentages = resolve(step.percentages, `${stepPath}.percentages`, before, context);
    stops.push({ percentages, waitMs: parseDuration(step.wait) ?? 0 });
    before = percentages;
  });
  const final = resolve(phase.percentages, `${path}.percentages`, before, context);
  stops.push({ percentages: final, waitMs: null });
  return stops;
}

function resolve(
  given: Readonly<Record<string, number>>,
  path: string,
  before: Readonly<Record<string, number>>,
  context: { readonly flags: readonly PlanFlag[]; readonly report: Report },
): Record<string, number> {
  const { flags, report } = context;
  const declared = new Set(flags.map((f) => f.key));
  const result: Record<string, number> = { ...before };
  for (const [key, value] of Object.entries(given)) {
    const at = `${path}.${key}`;
    if (!declared.has(key)) {
      report(at, `unknown flag; expected one of ${[...declared].join(', ')}`);
    } else if (!isValidPercentage(value)) {
      report(at, 'expected a percentage from 0 to 100 with at most two decimals');
    } else if (value < (before[key] ?? 0)) {
      report(at, `${value} is below the stop before (${before[key]}); a plan only goes up`);
    } else {
      result[key] = value;
    }
  }
  checkNesting(result, path, flags, report);
  return result;
}

function checkNesting(
  percentages: Readonly<Record<string, number>>,
  path: string,
  flags: readonly PlanFlag[],
  report: Report,
): void {
  for (const flag of flags) {
    const own = percentages[flag.key] ?? 0;
    for (const parent of flag.requires) {
      const limit = percentages[parent] ?? 0;
      if (own > limit) {
        report(
          `${path}.${flag.key}`,
          `${own} exceeds ${parent} (${limit}); a nested flag must never exceed a flag it requires`,
        );
      }
    }
  }
}
