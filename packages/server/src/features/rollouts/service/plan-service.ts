import type { Clock } from '../../../clock.js';
import { AppError } from '../../../http/app-error.js';
import type { AuditSink } from '../../../ports/audit-sink.js';
import type { RunInTransaction } from '../../../ports/transaction.js';
import { approve, confirmReadiness, hold, resume, rollback } from '../controller/commands.js';
import type { CommandResult, Outcome } from '../controller/outcome.js';
import { initialState, isFinished } from '../controller/state.js';
import { planFromObject, parsePlan } from '../plan/parse-plan.js';
import type { RollbackTarget } from '../plan/plan.js';
import { formatPathError } from '../plan/schema-check.js';
import type { DecisionRecord, PlanStore, StoredPlan } from './plan-store.js';

/** A percentage the plan sets on a flag. */
export interface PercentageChange {
  readonly flag: string;
  readonly to: number;
}

/** The stores one plan transaction writes: the plan, its decision, the flags and the audit log. */
export interface PlanUnit {
  readonly plans: PlanStore;
  readonly audit: AuditSink;
  /**
   * Sets flag percentages in this transaction, with their audit entries and feed change; the
   * revision to announce after commit, or undefined when nothing changed.
   */
  setPercentages(
    changes: readonly PercentageChange[],
    write: { readonly actor: string; readonly reason: string; readonly at: string },
  ): Promise<number | undefined>;
  /** Queues the decision's notifications (the webhook outbox) in this transaction. */
  notify?(plan: string, outcome: Outcome): Promise<void>;
}

export interface PlanServiceDeps {
  readonly clock: Clock;
  /** For reads. */
  readonly plans: PlanStore;
  readonly runInTransaction: RunInTransaction<PlanUnit>;
  /** After commit: a flag revision the plan's percentage changes produced (push to SDKs). */
  readonly onFlagsCommitted: (revision: number) => void;
  /** After commit: every recorded decision (Prometheus). */
  readonly onDecision?: ((plan: string, outcome: Outcome) => void) | undefined;
}

/** A command from a person, as the routes receive it. */
export type PlanCommand =
  | { readonly kind: 'approve'; readonly name: string; readonly rationale: string }
  | { readonly kind: 'hold'; readonly reason: string }
  | { readonly kind: 'resume'; readonly reason?: string | undefined }
  | { readonly kind: 'rollback'; readonly reason: string; readonly to?: RollbackTarget | undefined }
  | { readonly kind: 'readiness'; readonly item: string; readonly name: string };

/** The caller, and the plan version the command is based on (when it sent one). */
export interface PlanWrite {
  readonly actor: string;
  readonly version?: number | undefined;
}

const LATEST_DECISIONS = 10;

/**
 * Plans on the server: applying a plan file, reading plans and their decisions, and people's
 * commands. Every decision is written in one transaction with the new state, the flag
 * percentage changes and the audit entries; subscribers hear of it only after commit.
 */
export class PlanService {
  constructor(private readonly deps: PlanServiceDeps) {}

  /** Starts a run of a plan file (YAML/JSON text, or a parsed JSON body): pending, flags at 0. */
  async apply(body: unknown, { actor }: PlanWrite): Promise<StoredPlan> {
    const { source, parsed } = parseBody(body);
    if (!parsed.ok) {
      throw new AppError('VALIDATION_FAILED', parsed.errors.map(formatPathError).join('\n'));
    }
    const plan = parsed.value;
    const now = this.deps.clock.now();
    const at = new Date(now).toISOString();
    return this.deps.runInTransaction(async ({ plans, audit }) => {
      const existing = await plans.get(plan.name);
      if (existing !== undefined && !isFinished(existing.state)) {
        throw new AppError(
          'CONFLICT',
          `plan "${plan.name}" is ${existing.state.status}; roll it back or let it complete before applying it again`,
        );
      }
      const stored: StoredPlan = {
        name: plan.name,
        source,
        plan,
        state: initialState(plan, now),
        version: (existing?.version ?? 0) + 1,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      };
      const written =
        existing === undefined
          ? await plans.insert(stored)
          : await plans.update(stored, existing.version);
      if (!written) throw stale(plan.name);
      await audit.append({
        at,
        actor,
        action: 'plan.apply',
        flag: null,
        before: existing?.state ?? null,
        after: stored.state,
        reason: null,
      });
      return stored;
    });
  }

  list(): Promise<StoredPlan[]> {
    return this.deps.plans.list();
  }

  async get(name: string): Promise<StoredPlan> {
    const stored = await this.deps.plans.get(name);
    if (stored === undefined) throw new AppError('NOT_FOUND', `no plan "${name}"`);
    return stored;
  }

  /** Newest first. */
  async decisions(name: string, limit = LATEST_DECISIONS): Promise<DecisionRecord[]> {
    await this.get(name);
    return this.deps.plans.decisions(name, limit);
  }

  /** Runs a person's command on the stored state and records its decision. */
  async command(name: string, command: PlanCommand, write: PlanWrite): Promise<StoredPlan> {
    const stored = await this.get(name);
    if (write.version !== undefined && write.version !== stored.version) {
      throw new AppError(
        'CONFLICT',
        `plan "${name}" is at version ${stored.version}, not ${write.version}; reload it and retry`,
      );
    }
    const result = runCommand(stored, command, write.actor, this.deps.clock.now());
    if (!result.ok) {
      const code = result.error.code === 'INVALID_STATE' ? 'CONFLICT' : 'VALIDATION_FAILED';
      throw new AppError(code, result.error.message);
    }
    return this.record(stored, result.outcome, write.actor);
  }

  /**
   * Writes a decision: the next state (only if the plan is still at `stored.version`, else
   * 409), the decision record, the percentage changes, the audit entries and the queued
   * notifications, in one transaction; then announces the flag revision and the decision.
   */
  async record(stored: StoredPlan, outcome: Outcome, caller: string): Promise<StoredPlan> {
    const at = new Date(outcome.at).toISOString();
    const next: StoredPlan = {
      ...stored,
      state: outcome.nextState,
      version: stored.version + 1,
      updatedAt: at,
    };
    const revision = await this.deps.runInTransaction(async (unit) => {
      if (!(await unit.plans.update(next, stored.version))) throw stale(stored.name);
      await unit.plans.appendDecision({
        plan: stored.name,
        at,
        decision: outcome.decision,
        actor: outcome.actor,
        summary: outcome.summary,
        from: outcome.from,
        to: outcome.nextState.status,
        evidence: outcome.evidence,
      });
      await unit.audit.append({
        at,
        actor: caller,
        action: `plan.${outcome.decision.toLowerCase()}`,
        flag: null,
        before: stored.state,
        after: outcome.nextState,
        reason: outcome.summary,
      });
      await unit.notify?.(stored.name, outcome);
      const changes = outcome.actions.flatMap((a) =>
        a.kind === 'set-percentage' ? [{ flag: a.flag, to: a.to }] : [],
      );
      const reason = `plan ${stored.name}: ${outcome.summary}`;
      return changes.length === 0
        ? undefined
        : unit.setPercentages(changes, { actor: caller, reason, at });
    });
    if (revision !== undefined) this.deps.onFlagsCommitted(revision);
    this.deps.onDecision?.(stored.name, outcome);
    return next;
  }
}

function parseBody(body: unknown) {
  if (typeof body === 'string') return { source: body, parsed: parsePlan(body) };
  return { source: JSON.stringify(body, null, 2), parsed: planFromObject(body) };
}

function stale(name: string): AppError {
  return new AppError('CONFLICT', `plan "${name}" changed meanwhile; reload it and retry`);
}

function runCommand(
  { plan, state }: StoredPlan,
  command: PlanCommand,
  actor: string,
  now: number,
): CommandResult {
  switch (command.kind) {
    case 'approve':
      return approve(plan, state, command, now);
    case 'hold':
      return hold(plan, state, { actor, reason: command.reason }, now);
    case 'resume':
      return resume(plan, state, { actor, reason: command.reason }, now);
    case 'rollback':
      return rollback(plan, state, { actor, reason: command.reason, to: command.to }, now);
    case 'readiness':
      return confirmReadiness(plan, state, command, now);
  }
}
