import { parseDuration } from '../plan/duration.js';
import { readDocument, type ParseResult } from '../plan/parse-plan.js';
import { checkSchema, type PathError } from '../plan/schema-check.js';
import { ScenarioFile, type MetricModelFile, type MetricPatchFile } from './scenario-schema.js';

export const DistributionKinds = [
  'perSession',
  'bernoulli',
  'lognormal',
  'normal',
  'poisson',
] as const;
export type DistributionKind = (typeof DistributionKinds)[number];
export type Params = Readonly<Record<string, number>>;

/** How one metric is drawn: per session of each cohort, or once per minute for global ones. */
export interface MetricModel {
  readonly name: string;
  readonly kind: DistributionKind;
  readonly scope: 'cohort' | 'global';
  readonly samplesPerMinute: number;
  readonly off: Params;
  readonly on: Params;
}

export interface TrafficModel {
  readonly sessionsPerMinute: number;
  readonly metrics: readonly MetricModel[];
}

/** A compiled scenario: the traffic model from each change on. */
export interface Scenario {
  readonly name: string;
  readonly description: string | null;
  readonly start: number | null;
  readonly durationMs: number;
  /** The flag whose ON sessions draw from the `on` distributions; null: the plan's first. */
  readonly cohortFlag: string | null;
  readonly people: {
    readonly confirmReadinessAfterMs: number | null;
    readonly approveAfterMs: number | null;
    readonly resumeAfterMs: number | null;
  };
  readonly epochs: readonly { readonly atMs: number; readonly model: TrafficModel }[];
  /** Global events at exact times, e.g. critical alerts. */
  readonly events: readonly ScheduledEvent[];
}

export interface ScheduledEvent {
  readonly atMs: number;
  readonly metric: string;
  readonly count: number;
}

const REQUIRED: Readonly<Record<DistributionKind, readonly string[]>> = {
  perSession: ['count'],
  bernoulli: ['p'],
  lognormal: ['median', 'sigma'],
  normal: ['mean', 'sd'],
  poisson: ['perHour'],
};

/** Reads a scenario file (YAML or JSON), with errors that name the path. */
export function parseScenario(text: string): ParseResult<Scenario> {
  const document = readDocument(text);
  return document.ok ? scenarioFromObject(document.value) : document;
}

export function scenarioFromObject(value: unknown): ParseResult<Scenario> {
  const schemaErrors = checkSchema(ScenarioFile, value);
  if (schemaErrors.length > 0) return { ok: false, errors: schemaErrors };
  const file = value as ScenarioFile;
  const errors: PathError[] = [];
  const report: Report = (path, message) => void errors.push({ path, message });
  const epochs = buildEpochs(file, report);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: assemble(file, epochs) };
}

type Report = (path: string, message: string) => void;

/** The traffic model at the start and after each change, in time order. */
function buildEpochs(file: ScenarioFile, report: Report): Scenario['epochs'] {
  let drafts = Object.entries(file.metrics).map(([name, m]) => initial(name, m, report));
  let sessionsPerMinute = file.sessionsPerMinute;
  const first = drafts.map((d) => resolve(d, `metrics.${d.name}`, report));
  const epochs = [{ atMs: 0, model: { sessionsPerMinute, metrics: first } }];
  const changes = (file.changes ?? []).map((c, i) => ({ c, i, atMs: parseDuration(c.at) ?? 0 }));
  changes.sort((a, b) => a.atMs - b.atMs);
  for (const { c, i, atMs } of changes) {
    sessionsPerMinute = c.sessionsPerMinute ?? sessionsPerMinute;
    drafts = drafts.map((d) =>
      patch(d, c.metrics?.[d.name], `changes[${i}].metrics.${d.name}`, report),
    );
    for (const name of Object.keys(c.metrics ?? {})) {
      if (file.metrics[name] === undefined)
        report(`changes[${i}].metrics.${name}`, 'unknown metric');
    }
    // Changes only add parameters, so a model complete at the start stays complete.
    const metrics = drafts.map((d) => resolve(d, '', () => undefined));
    epochs.push({ atMs, model: { sessionsPerMinute, metrics } });
  }
  return epochs;
}

function assemble(file: ScenarioFile, epochs: Scenario['epochs']): Scenario {
  const after = (text: string | undefined, fallback: number | null): number | null =>
    text === undefined ? fallback : text === 'never' ? null : parseDuration(text);
  return {
    name: file.name,
    description: file.description ?? null,
    start: file.start === undefined ? null : Date.parse(file.start),
    durationMs: parseDuration(file.duration) ?? 0,
    cohortFlag: file.cohortFlag ?? null,
    people: {
      confirmReadinessAfterMs: after(file.people?.confirmReadinessAfter, 0),
      approveAfterMs: after(file.people?.approveAfter, 30 * 60_000),
      resumeAfterMs: after(file.people?.resumeAfter, null),
    },
    epochs,
    events: (file.events ?? []).map((e) => ({
      atMs: parseDuration(e.at) ?? 0,
      metric: e.metric,
      count: e.count,
    })),
  };
}

interface Draft {
  readonly name: string;
  readonly kind: DistributionKind;
  readonly scope: 'cohort' | 'global';
  readonly samplesPerMinute: number;
  readonly base: Params;
  readonly onOverride: Params;
}

function initial(name: string, m: MetricModelFile, report: Report): Draft {
  const given = DistributionKinds.filter((k) => m[k] !== undefined);
  const kind = given[0] ?? 'perSession';
  if (given.length !== 1)
    report(`metrics.${name}`, `expected exactly one of ${DistributionKinds.join(', ')}`);
  const scope = m.scope ?? (kind === 'poisson' ? 'global' : 'cohort');
  if (kind === 'poisson' && scope !== 'global')
    report(`metrics.${name}.scope`, 'poisson events are global');
  const value = m[kind];
  const base = typeof value === 'number' ? { count: value } : (value ?? {});
  return {
    name,
    kind,
    scope,
    samplesPerMinute: m.samplesPerMinute ?? 1,
    base,
    onOverride: m.on ?? {},
  };
}

function patch(d: Draft, p: MetricPatchFile | undefined, path: string, report: Report): Draft {
  if (p === undefined) return d;
  for (const k of DistributionKinds) {
    if (p[k] !== undefined && k !== d.kind)
      report(`${path}.${k}`, `${d.name} is drawn from ${d.kind}, not ${k}`);
  }
  const value = p[d.kind];
  const change = typeof value === 'number' ? { count: value } : (value ?? {});
  return { ...d, base: { ...d.base, ...change }, onOverride: { ...d.onOverride, ...(p.on ?? {}) } };
}

function resolve(d: Draft, path: string, report: Report): MetricModel {
  const on = { ...d.base, ...d.onOverride };
  for (const key of REQUIRED[d.kind]) {
    if (d.base[key] === undefined) report(`${path}.${d.kind}.${key}`, `required for ${d.kind}`);
  }
  return {
    name: d.name,
    kind: d.kind,
    scope: d.scope,
    samplesPerMinute: d.samplesPerMinute,
    off: d.base,
    on,
  };
}

/** The traffic model in force `elapsedMs` after the simulation started. */
export function modelAt(scenario: Scenario, elapsedMs: number): TrafficModel {
  let model = scenario.epochs[0]?.model ?? { sessionsPerMinute: 0, metrics: [] };
  for (const epoch of scenario.epochs) if (epoch.atMs <= elapsedMs) model = epoch.model;
  return model;
}

/** The scheduled events in the minute starting `elapsedMs` after the start. */
export function eventsAt(scenario: Scenario, elapsedMs: number): ScheduledEvent[] {
  return scenario.events.filter((e) => e.atMs >= elapsedMs && e.atMs < elapsedMs + 60_000);
}
