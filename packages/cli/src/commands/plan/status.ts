import type { PlanDecision, PlanList, PlanView } from '@ramp/api';
import type { rollouts } from '@ramp/server';
import type { Command } from 'commander';
import { parseReason } from '../../arguments.js';
import type { CliCommand, CommandContext } from '../../context.js';
import { formatPercent, formatTime } from '../../output/format.js';
import { addExamples } from '../../output/help.js';
import { writeJson } from '../../output/json.js';
import { renderTable, type Column } from '../../output/table.js';
import {
  addServerOptions,
  connectToServer,
  type ServerCommandOptions,
} from '../../server-client.js';

/** A plan name from the command line: any text that is not blank (exit 2 otherwise). */
export function parsePlanName(text: string): string {
  return parseReason(text, 'NAME');
}

/** `checkout 10%, search 0%` (or `-` for a plan without flags). */
export function formatPercentages(percentages: Readonly<Record<string, number>>): string {
  const entries = Object.entries(percentages);
  if (entries.length === 0) return '-';
  return entries.map(([flag, percent]) => `${flag} ${formatPercent(percent)}`).join(', ');
}

/** `2026-03-01T10:00:00Z  CONFIRM  carol: runbook confirmed by carol` */
export function formatDecision(decision: PlanDecision): string {
  return `${formatTime(decision.at)}  ${decision.decision}  ${decision.actor}: ${decision.summary}`;
}

/** The sentence of each evidence entry (its `text`), or its JSON when it has none. */
export function evidenceLines(decision: PlanDecision): string[] {
  return decision.evidence.map((entry) => {
    const text = (entry as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : JSON.stringify(entry);
  });
}

/** `phase 1 of 2 (canary), step 1 of 2`, or null before the first phase. */
function formatPosition(plan: rollouts.Plan, at: rollouts.Position | null): string | null {
  if (at === null) return null;
  const phase = plan.phases[at.phase];
  if (phase === undefined) return `phase ${at.phase + 1}, step ${at.step + 1}`;
  return (
    `phase ${at.phase + 1} of ${plan.phases.length} (${phase.name}), ` +
    `step ${at.step + 1} of ${phase.stops.length}`
  );
}

/** What the run is doing, in words: where it is, and why it stopped when it did. */
function stateLines(plan: rollouts.Plan, state: rollouts.RunState): string[] {
  switch (state.status) {
    case 'pending': {
      const confirmed = new Set(state.confirmations.map((c) => c.item));
      const missing = plan.readiness.filter((item) => !confirmed.has(item.id)).map((i) => i.id);
      return missing.length === 0
        ? ['Readiness: every item confirmed']
        : [`Readiness: waiting for ${missing.join(', ')}`];
    }
    case 'running':
      return [`At: ${formatPosition(plan, state.at) ?? '-'}`];
    case 'held':
    case 'paused':
      return [
        `At: ${formatPosition(plan, state.at) ?? '-'}`,
        `Reason: ${state.reason} (by ${state.by})`,
      ];
    case 'awaiting-approval': {
      const next = plan.phases[state.nextPhase];
      const names = state.approvals.map((a) => a.name);
      const lines = [
        `Awaiting approval for phase ${state.nextPhase + 1} of ${plan.phases.length}` +
          (next === undefined ? '' : ` (${next.name})`) +
          (next?.approvals == null ? '' : `: ${names.length} of ${next.approvals.required}`) +
          (names.length === 0 ? '' : `, approved by ${names.join(', ')}`),
      ];
      const at = formatPosition(plan, state.at);
      return at === null ? lines : [`At: ${at}`, ...lines];
    }
    case 'rolled-back':
    case 'completed':
      return [];
  }
}

/**
 * One plan for people: name, version and status; where the run is; the flags' percentages;
 * the last decision with its summary.
 */
export function describePlan(view: PlanView): string {
  const plan = view.plan as rollouts.Plan;
  const state = view.state as rollouts.RunState;
  const lines = [
    `Plan ${view.name} (version ${view.version}): ${view.status}`,
    ...stateLines(plan, state),
    `Percentages: ${formatPercentages(view.percentages)}`,
  ];
  const [last] = view.decisions;
  lines.push(`Last decision: ${last === undefined ? 'none yet' : formatDecision(last)}`);
  return `${lines.join('\n')}\n`;
}

const columns: readonly Column[] = [
  { header: 'PLAN' },
  { header: 'STATUS' },
  { header: 'VERSION', align: 'right' },
  { header: 'PERCENTAGES' },
  { header: 'UPDATED' },
];

/** Every plan: one table row each. */
export function formatPlanList(list: PlanList): string {
  if (list.plans.length === 0) return 'No plans yet: apply one with ramp plan apply FILE\n';
  return renderTable(
    columns,
    list.plans.map((p) => [
      p.name,
      p.status,
      String(p.version),
      formatPercentages(p.percentages),
      formatTime(p.updatedAt),
    ]),
  );
}

/** Prints a plan after a command: as JSON with `--json`, else {@link describePlan}. */
export function writePlan(context: CommandContext, view: PlanView, json: boolean | undefined) {
  if (json === true) writeJson(context.io.stdout, view);
  else context.io.stdout.write(describePlan(view));
}

async function run(
  context: CommandContext,
  name: string | undefined,
  raw: ServerCommandOptions,
): Promise<void> {
  const plan = name === undefined ? undefined : parsePlanName(name);
  const { client } = connectToServer(context, raw);
  if (plan !== undefined) {
    writePlan(context, await client.getPlan(plan), raw.json);
    return;
  }
  const list = await client.listPlans();
  if (raw.json === true) writeJson(context.io.stdout, list);
  else context.io.stdout.write(formatPlanList(list));
}

const examples = ['ramp plan status', 'ramp plan status checkout-rollout --json'];

/** `ramp plan status [NAME]`: every plan on the server, or one in detail. */
export const statusCommand: CliCommand = {
  examples,
  register(parent: Command, context: CommandContext) {
    const command = parent
      .command('status')
      .description('List the plans on the server, or show one: status, position, last decision')
      .argument('[name]', 'the plan (every plan without it)');
    addServerOptions(command, 'print the plan list, or the plan with its state, as JSON');
    command.action((name: string | undefined, raw: ServerCommandOptions) =>
      run(context, name, raw),
    );
    return addExamples(command, examples);
  },
};
