import {
  checkComparable,
  parseThreshold,
  resolveCohort,
  resolveFlag,
  resolveMargin,
  resolveMetric,
  resolveStat,
  resolveWindow,
  type CheckContext,
} from './compile-shared.js';
import { PlanDefaults, type Comparator, type Gate } from './plan.js';
import type { GateFile } from './check-schemas.js';

type ThresholdGateFile = Extract<GateFile, { metric: string }>;
type CompareGateFile = Extract<GateFile, { compare: string }>;

/** Compiles one gate of a plan file; null when it has errors (reported). */
export function compileGate(file: GateFile, path: string, context: CheckContext): Gate | null {
  if ('compare' in file) return compileCompareGate(file, path, context);
  if ('srm' in file) {
    return {
      kind: 'srm',
      name: file.name ?? `srm-${file.srm}`,
      source: path,
      description: file.description ?? null,
      flag: resolveFlag(file.srm, `${path}.srm`, context),
      alpha: file.alpha ?? PlanDefaults.srmAlpha,
      window: resolveWindow(file.window),
      minSamples: file.minSamples ?? PlanDefaults.srmMinSamples,
    };
  }
  return compileThresholdGate(file, path, context);
}

const COMPARATORS = [
  ['below', '<'],
  ['above', '>'],
  ['atMost', '<='],
  ['atLeast', '>='],
] as const;

function compileThresholdGate(
  file: ThresholdGateFile,
  path: string,
  context: CheckContext,
): Gate | null {
  const metric = resolveMetric(file.metric, context);
  const stat = resolveStat(metric, file.stat, path, context.report);
  const given = COMPARATORS.filter(([key]) => file[key] !== undefined);
  const first = given[0];
  if (given.length !== 1 || first === undefined) {
    context.report(path, 'expected exactly one of below, above, atMost or atLeast');
    return null;
  }
  if (stat === null) return null;
  const [key, comparator] = first;
  return {
    kind: 'threshold',
    name: file.name ?? `${file.metric}-${stat}`,
    source: path,
    description: file.description ?? null,
    metric,
    stat,
    flag: resolveFlag(file.flag, `${path}.flag`, context),
    cohort: resolveCohort(metric, file.cohort, 'on'),
    comparator: comparator satisfies Comparator,
    threshold: parseThreshold(file[key] ?? 0),
    window: resolveWindow(file.window),
    minSamples:
      file.minSamples ??
      (stat === 'count' || stat === 'sum' ? 0 : PlanDefaults.thresholdMinSamples),
  };
}

function compileCompareGate(file: CompareGateFile, path: string, context: CheckContext): Gate {
  const metric = resolveMetric(file.compare, context);
  checkComparable(metric, `${path}.compare`, context.report);
  return {
    kind: 'compare',
    name: file.name ?? `${file.compare}-vs-off`,
    source: path,
    description: file.description ?? null,
    metric,
    flag: resolveFlag(file.flag, `${path}.flag`, context),
    margin: resolveMargin(file.margin, `${path}.margin`, context.report),
    alpha: file.alpha ?? PlanDefaults.compareGateAlpha,
    window: resolveWindow(file.window),
    minSamples: file.minSamples ?? PlanDefaults.compareMinSamples,
  };
}
