import type { PathError } from './schema-check.js';
import { compileGate } from './compile-gates.js';
import type { CheckContext } from './compile-shared.js';
import { compileStops, type Report } from './compile-stops.js';
import { compileTrigger } from './compile-triggers.js';
import { parseDuration } from './duration.js';
import { checkFeasible } from './feasibility.js';
import {
  PlanDefaults,
  zeroPercentages,
  type Gate,
  type MetricDefinition,
  type Phase,
  type Plan,
  type PlanFlag,
  type Trigger,
} from './plan.js';
import type { MetricFile } from './check-schemas.js';
import type { PhaseFile, PlanFile } from './plan-schema.js';

/**
 * Turns a schema-valid plan file into a `Plan`, checking what a schema cannot: references
 * between flags, metrics and checks, nesting, the order of percentages, duplicate names, and
 * gates that could never conclude. Returns the problems instead when there are any.
 */
export function compilePlan(file: PlanFile): { plan: Plan; errors: [] } | { errors: PathError[] } {
  const errors: PathError[] = [];
  const report: Report = (path, message) => errors.push({ path, message });
  const flags = compileFlags(file, report);
  const context: CheckContext = {
    metrics: compileMetrics(file.metrics ?? {}),
    flags: new Set(flags.map((f) => f.key)),
    defaultFlag: flags[0]?.key ?? '',
    report,
  };
  checkUnique(file.readiness ?? [], (r) => r.id, 'readiness', 'id', report);
  checkUnique(file.phases, (p) => p.name, 'phases', 'name', report);
  const phases = compilePhases(file, flags, context);
  const startAt = file.startAt === undefined ? null : Date.parse(file.startAt);
  if (startAt !== null && Number.isNaN(startAt)) report('startAt', 'expected a valid date-time');
  if (errors.length > 0) return { errors };
  const plan: Plan = {
    name: file.name,
    description: file.description ?? null,
    startAt,
    flags,
    readiness: (file.readiness ?? []).map((r) => ({ id: r.id, item: r.item, owner: r.owner })),
    phases,
  };
  return { plan, errors: [] };
}

function compileFlags(file: PlanFile, report: Report): PlanFlag[] {
  checkUnique(file.flags, (f) => f.key, 'flags', 'key', report);
  const keys = new Set(file.flags.map((f) => f.key));
  const flags = file.flags.map((f, i) => {
    (f.requires ?? []).forEach((parent, j) => {
      if (parent === f.key) report(`flags[${i}].requires[${j}]`, 'a flag cannot require itself');
      else if (!keys.has(parent)) report(`flags[${i}].requires[${j}]`, `unknown flag ${parent}`);
    });
    // Bad references are reported above; keeping them would only repeat the error later.
    const requires = (f.requires ?? []).filter((parent) => parent !== f.key && keys.has(parent));
    return { key: f.key, bucketBy: f.bucketBy ?? null, requires };
  });
  checkCycles(flags, report);
  return flags;
}

function checkCycles(flags: readonly PlanFlag[], report: Report): void {
  const byKey = new Map(flags.map((f) => [f.key, f]));
  flags.forEach((flag, i) => {
    const seen = new Set<string>();
    const queue = [...flag.requires];
    while (queue.length > 0) {
      const key = queue.pop() ?? '';
      if (key === flag.key) {
        report(`flags[${i}].requires`, `${flag.key} requires itself through a cycle`);
        return;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(...(byKey.get(key)?.requires ?? []));
    }
  });
}

function compileMetrics(
  metrics: Readonly<Record<string, MetricFile>>,
): Map<string, MetricDefinition> {
  const result = new Map<string, MetricDefinition>();
  for (const [name, m] of Object.entries(metrics)) {
    const common = { name, better: m.better ?? 'lower' } as const;
    if ('prometheus' in m) {
      const { query, url } = m.prometheus;
      result.set(name, {
        kind: 'prometheus',
        ...common,
        query,
        url: url ?? null,
        unit: m.unit ?? null,
      });
    } else if ('rate' in m) {
      const { numerator, denominator } = m.rate;
      const scope = m.scope ?? 'cohort';
      result.set(name, {
        kind: 'rate',
        ...common,
        numerator,
        denominator,
        unit: m.unit ?? '%',
        scope,
      });
    } else {
      const scope = m.scope ?? 'cohort';
      result.set(name, { kind: 'event', ...common, event: m.event, unit: m.unit ?? null, scope });
    }
  }
  return result;
}

function compilePhases(file: PlanFile, flags: readonly PlanFlag[], context: CheckContext): Phase[] {
  const sharedGates = compileList(file.gates ?? [], 'gates', compileGate, context);
  const sharedTriggers = compileList(file.triggers ?? [], 'triggers', compileTrigger, context);
  let previous: Readonly<Record<string, number>> = zeroPercentages({ flags });
  return file.phases.map((phaseFile, index) => {
    const path = `phases[${index}]`;
    const stops = compileStops(phaseFile, path, previous, { flags, report: context.report });
    const phase = assemblePhase(file, phaseFile, index, {
      stops,
      gates: merge(
        sharedGates,
        compileList(phaseFile.gates ?? [], `${path}.gates`, compileGate, context),
      ),
      triggers: merge(
        sharedTriggers,
        compileList(phaseFile.triggers ?? [], `${path}.triggers`, compileTrigger, context),
      ),
    });
    checkFeasible(phase, context.report);
    checkApprovals(phaseFile, path, context.report);
    previous = stops[stops.length - 1]?.percentages ?? previous;
    return phase;
  });
}

function assemblePhase(
  file: PlanFile,
  phase: PhaseFile,
  index: number,
  parts: Pick<Phase, 'stops' | 'gates' | 'triggers'>,
): Phase {
  const holdFor = phase.holdFor ?? file.holdFor;
  return {
    index,
    name: phase.name,
    description: phase.description ?? null,
    bakeMs: parseDuration(phase.bake) ?? 0,
    holdForMs: holdFor === undefined ? PlanDefaults.holdForMs : (parseDuration(holdFor) ?? 0),
    maxHolds: phase.maxHolds ?? file.maxHolds ?? PlanDefaults.maxHolds,
    approvals:
      phase.approvals === undefined
        ? null
        : { required: phase.approvals.required, approvers: phase.approvals.approvers ?? null },
    ...parts,
  };
}

function checkApprovals(phase: PhaseFile, path: string, report: Report): void {
  const approvers = phase.approvals?.approvers;
  if (phase.approvals === undefined || approvers === undefined) return;
  checkUnique(approvers, (a) => a, `${path}.approvals.approvers`, null, report);
  if (new Set(approvers).size < phase.approvals.required) {
    report(
      `${path}.approvals.required`,
      `needs ${phase.approvals.required} approvals but names only ${approvers.length} approvers`,
    );
  }
}

function compileList<F, T extends Gate | Trigger>(
  files: readonly F[],
  path: string,
  compile: (file: F, path: string, context: CheckContext) => T | null,
  context: CheckContext,
): T[] {
  const compiled = files.flatMap((f, i) => {
    const one = compile(f, `${path}[${i}]`, context);
    return one === null ? [] : [one];
  });
  const seen = new Set<string>();
  for (const check of compiled) {
    if (seen.has(check.name))
      context.report(`${check.source}.name`, `duplicate name ${check.name}`);
    seen.add(check.name);
  }
  return compiled;
}

/** Plan-wide checks, with a phase's own check of the same name replacing (tightening) one. */
function merge<T extends { readonly name: string }>(shared: readonly T[], own: readonly T[]): T[] {
  const ownNames = new Set(own.map((c) => c.name));
  return [...shared.filter((c) => !ownNames.has(c.name)), ...own];
}

function checkUnique<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  path: string,
  field: string | null,
  report: Report,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      report(
        field === null ? `${path}[${i}]` : `${path}[${i}].${field}`,
        `duplicate ${field ?? 'entry'} ${key}`,
      );
    }
    seen.add(key);
  });
}
