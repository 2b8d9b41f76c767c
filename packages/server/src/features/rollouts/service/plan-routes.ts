import type { Static } from 'typebox';
import { Access, principalOf } from '../../../http/access.js';
import type { TypeboxApp } from '../../../http/typebox-app.js';
import {
  ApprovePlanBody,
  HoldPlanBody,
  PlanDecisionList,
  PlanDecisionQuery,
  PlanList,
  PlanName,
  PlanView,
  ReadinessBody,
  ResumePlanBody,
  RollbackPlanBody,
} from '@ramp/api';
import type { PlanCommand, PlanService } from './plan-service.js';
import type { DecisionRecord, StoredPlan } from './plan-store.js';

const TAGS = ['plans'];
const PLAN_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** The plans API: apply a plan file, read plans and decisions, and people's commands. */
export function registerPlanRoutes(app: TypeboxApp, service: PlanService): void {
  // Plan files are YAML: take them as text, like text/plain (JSON bodies arrive parsed).
  app.addContentTypeParser(PLAN_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/api/v1/plans',
    {
      config: { access: Access.ADMIN },
      schema: {
        description:
          'Starts a run of a plan file: the body is its text (YAML or JSON; text/plain or ' +
          'application/yaml) or a JSON object. 400 lists every `path: message`; 409 when a run ' +
          'of the same name is not finished.',
        tags: TAGS,
        response: { 201: PlanView },
      },
    },
    async (request, reply) => {
      const stored = await service.apply(request.body, { actor: principalOf(request).name });
      return reply.status(201).send(view(stored, []));
    },
  );

  app.get(
    '/api/v1/plans',
    { config: { access: Access.READ }, schema: { tags: TAGS, response: { 200: PlanList } } },
    async () => ({ plans: (await service.list()).map(summary) }),
  );

  app.get(
    '/api/v1/plans/:name',
    {
      config: { access: Access.READ },
      schema: { tags: TAGS, params: PlanName, response: { 200: PlanView } },
    },
    async (request) => {
      const stored = await service.get(request.params.name);
      return view(stored, await service.decisions(stored.name));
    },
  );

  app.get(
    '/api/v1/plans/:name/decisions',
    {
      config: { access: Access.READ },
      schema: {
        description: 'Every recorded decision with its evidence, newest first.',
        tags: TAGS,
        params: PlanName,
        querystring: PlanDecisionQuery,
        response: { 200: PlanDecisionList },
      },
    },
    async (request) => {
      const records = await service.decisions(request.params.name, request.query.limit ?? 100);
      return { decisions: records.map(decisionView) };
    },
  );

  const command = <B extends { version?: number | undefined }>(
    path: string,
    body: unknown,
    description: string,
    toCommand: (body: B) => PlanCommand,
  ) =>
    app.post(
      `/api/v1/plans/:name/${path}`,
      {
        config: { access: Access.ADMIN },
        schema: { description, tags: TAGS, params: PlanName, body, response: { 200: PlanView } },
      },
      async (request) => {
        const input = request.body as B;
        const write = { actor: principalOf(request).name, version: input.version };
        const stored = await service.command(request.params.name, toCommand(input), write);
        return view(stored, await service.decisions(stored.name));
      },
    );

  command<Static<typeof ApprovePlanBody>>(
    'approve',
    ApprovePlanBody,
    'One approval (a name and a rationale) for the phase the run awaits.',
    (b) => ({ kind: 'approve', name: b.name, rationale: b.rationale }),
  );
  command<Static<typeof HoldPlanBody>>(
    'hold',
    HoldPlanBody,
    'Freezes a running run where it is until someone resumes it.',
    (b) => ({ kind: 'hold', reason: b.reason }),
  );
  command<Static<typeof ResumePlanBody>>(
    'resume',
    ResumePlanBody,
    'A paused or held run continues; the current step (or bake) starts over.',
    (b) => ({ kind: 'resume', reason: b.reason }),
  );
  command<Static<typeof RollbackPlanBody>>(
    'rollback',
    RollbackPlanBody,
    'Every flag of the plan to the target (0 % unless `to` says a percentage or `previous`).',
    (b) => ({
      kind: 'rollback',
      reason: b.reason,
      to:
        b.to === undefined
          ? undefined
          : b.to === 'previous'
            ? { kind: 'previous' }
            : { kind: 'percentage', value: b.to },
    }),
  );
  command<Static<typeof ReadinessBody>>(
    'readiness',
    ReadinessBody,
    'A named person confirms one readiness item (before the start).',
    (b) => ({ kind: 'readiness', item: b.item, name: b.name }),
  );
}

function summary(stored: StoredPlan) {
  return {
    name: stored.name,
    status: stored.state.status,
    version: stored.version,
    percentages: { ...stored.state.percentages },
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

function view(stored: StoredPlan, decisions: readonly DecisionRecord[]): PlanView {
  return {
    ...summary(stored),
    source: stored.source,
    plan: stored.plan,
    state: stored.state,
    decisions: decisions.map(decisionView),
  };
}

function decisionView(record: DecisionRecord) {
  return {
    at: record.at,
    decision: record.decision,
    actor: record.actor,
    summary: record.summary,
    from: record.from,
    to: record.to,
    evidence: [...record.evidence],
  };
}
