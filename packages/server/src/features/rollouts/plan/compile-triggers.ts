import { isValidPercentage } from '@ramp/sdk/engine';
import {
  checkComparable,
  defaultMinSamples,
  parseThreshold,
  resolveCohort,
  resolveFlag,
  resolveMargin,
  resolveMetric,
  resolveStat,
  type CheckContext,
} from './compile-shared.js';
import { parseDuration } from './duration.js';
import { PlanDefaults, type Trigger, type TriggerAction } from './plan.js';
import type { TriggerFile } from './check-schemas.js';

type SustainedFile = Extract<TriggerFile, { for: string }>;
type CountFile = Extract<TriggerFile, { within: string }>;
type CompareFile = Extract<TriggerFile, { compare: string }>;

/** Compiles one trigger of a plan file; null when it has errors (reported). */
export function compileTrigger(
  file: TriggerFile,
  path: string,
  context: CheckContext,
): Trigger | null {
  const action = resolveAction(file, path, context);
  if ('compare' in file) return compileCompare(file, path, action, context);
  if ('within' in file) return compileCount(file, path, action, context);
  return compileSustained(file, path, action, context);
}

function resolveAction(file: TriggerFile, path: string, context: CheckContext): TriggerAction {
  if (file.action === 'pause') {
    if (file.to !== undefined) context.report(`${path}.to`, 'applies to action: rollback only');
    return { kind: 'pause' };
  }
  if (file.to === 'previous') return { kind: 'rollback', target: { kind: 'previous' } };
  const value = file.to ?? 0;
  if (!isValidPercentage(value)) {
    context.report(
      `${path}.to`,
      'expected previous or a percentage from 0 to 100 with at most two decimals',
    );
  }
  return { kind: 'rollback', target: { kind: 'percentage', value } };
}

function compileSustained(
  file: SustainedFile,
  path: string,
  action: TriggerAction,
  context: CheckContext,
): Trigger | null {
  const metric = resolveMetric(file.metric, context);
  const stat = resolveStat(metric, file.stat, path, context.report);
  if ((file.above === undefined) === (file.below === undefined)) {
    context.report(path, 'expected exactly one of above or below');
    return null;
  }
  if (stat === null) return null;
  const above = file.above !== undefined;
  return {
    kind: 'sustained',
    name: file.name ?? `${file.metric}-${stat}-${above ? 'above' : 'below'}`,
    source: path,
    description: file.description ?? null,
    metric,
    stat,
    flag: resolveFlag(file.flag, `${path}.flag`, context),
    cohort: resolveCohort(metric, file.cohort, 'on'),
    comparator: above ? '>' : '<',
    threshold: parseThreshold(file.above ?? file.below ?? 0),
    forMs: parseDuration(file.for) ?? 0,
    windowMs:
      file.window === undefined
        ? PlanDefaults.sustainedWindowMs
        : (parseDuration(file.window) ?? 0),
    minSamples: file.minSamples ?? defaultMinSamples(metric, stat),
    action,
  };
}

function compileCount(
  file: CountFile,
  path: string,
  action: TriggerAction,
  context: CheckContext,
): Trigger {
  const metric = resolveMetric(file.metric, context);
  if (metric.kind !== 'event') {
    context.report(
      `${path}.metric`,
      `${metric.name} is a ${metric.kind} metric; counting needs an event metric`,
    );
  }
  return {
    kind: 'count',
    name: file.name ?? `${file.metric}-count`,
    source: path,
    description: file.description ?? null,
    metric,
    flag: resolveFlag(file.flag, `${path}.flag`, context),
    cohort: resolveCohort(metric, file.cohort, 'all'),
    atLeast: file.atLeast,
    withinMs: parseDuration(file.within) ?? 0,
    action,
  };
}

function compileCompare(
  file: CompareFile,
  path: string,
  action: TriggerAction,
  context: CheckContext,
): Trigger {
  const metric = resolveMetric(file.compare, context);
  checkComparable(metric, `${path}.compare`, context.report);
  return {
    kind: 'compare',
    name: file.name ?? `${file.compare}-worse-than-off`,
    source: path,
    description: file.description ?? null,
    metric,
    flag: resolveFlag(file.flag, `${path}.flag`, context),
    margin: resolveMargin(file.margin, `${path}.margin`, context.report),
    alpha: file.alpha ?? PlanDefaults.compareTriggerAlpha,
    minSamples: file.minSamples ?? PlanDefaults.compareMinSamples,
    action,
  };
}
