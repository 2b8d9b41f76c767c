import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from './clock.js';
import { auditFeature, KyselyAuditStore } from './features/audit/index.js';
import { authFeature, KyselyTokenStore, type AuthService } from './features/auth/index.js';
import {
  evaluateSnapshot,
  flagsFeature,
  KyselyFlagStore,
  setFlagPercentages,
  type FlagUnit,
  type FlagsService,
} from './features/flags/index.js';
import type { Cluster, ClusterListener } from './features/cluster/index.js';
import { healthFeature } from './features/health/index.js';
import {
  KyselyMetricStore,
  metricsFeature,
  type MetricsService,
} from './features/metrics/index.js';
import { observabilityFeature, type RolloutMetrics } from './features/observability/index.js';
import { ofrepFeature } from './features/ofrep/index.js';
import { openApiFeature } from './features/openapi/index.js';
import {
  KyselyPlanStore,
  plansFeature,
  PrometheusReader,
  type PlanController,
  type PlanService,
} from './features/rollouts/service/index.js';
import { KyselyChangeLog, streamingFeature } from './features/streaming/index.js';
import {
  KyselyWebhookOutbox,
  webhooksFeature,
  type WebhookSender,
} from './features/webhooks/index.js';
import type { Access } from './http/access.js';
import { installErrorHandling } from './http/error-handler.js';
import { fastifyOptions } from './http/fastify-options.js';
import { closeFreshSocketsOnShutdown } from './http/fresh-sockets.js';
import type { TypeboxApp } from './http/typebox-app.js';
import { validatorCompiler } from './http/validator-compiler.js';
import type { Database } from './storage/database.js';
import type { RampSchema } from './storage/schema.js';

export interface AppDeps {
  /** Open and migrated. */
  readonly database: Database;
  readonly clock?: Clock | undefined;
  readonly logger?: FastifyServerOptions['logger'];
  /** SSE heartbeat interval (default 15 s). */
  readonly heartbeatMs?: number | undefined;
  /** Failed authentications allowed per address and window (default 20 per minute). */
  readonly rateLimit?: { readonly maxFailures: number; readonly windowMs: number } | undefined;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined;
  /** Time between two decisions of the plan controller (default 60 s). */
  readonly planIntervalMs?: number | undefined;
  /** Where every plan decision is posted, signed with `secret`; nothing is queued without URLs. */
  readonly webhooks?: WebhookOptions | undefined;
  /** The Prometheus of plan metrics that name no `url` (RAMP_PROMETHEUS_URL). */
  readonly prometheusUrl?: string | undefined;
  /** This replica, for `/health/deep` and `ramp_leader` (a lone app: none, and no leader). */
  readonly replica?: Pick<Cluster, 'replicaId' | 'leader'> | undefined;
}

export interface WebhookOptions {
  readonly urls: readonly string[];
  readonly secret: string | undefined;
  /** Time between two polls of the outbox (default 5 s). */
  readonly pollMs?: number | undefined;
  /** The wait after a first failed attempt, doubled after each (default 10 s). */
  readonly backoffMs?: number | undefined;
}

/** A registered route and who may call it. */
export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

/** The app and the services `startServer` needs around it. */
export interface App {
  readonly fastify: TypeboxApp;
  /** Every route, in registration order, once the app is ready (for docs and the auth test). */
  readonly routes: readonly RouteInfo[];
  readonly auth: AuthService;
  readonly flags: FlagsService;
  /** Where the rollout controller reports its decisions and gate values (Prometheus). */
  readonly rolloutMetrics: RolloutMetrics;
  /** SDK metrics: ingestion, and the rollout controller's `Readings` over them. */
  readonly metrics: MetricsService;
  /** Rollout plans: the API's service. */
  readonly plans: PlanService;
  /** The plan controller loop; not started (`startServer` starts it). */
  readonly planController: PlanController;
  /** Delivers the webhook outbox; not started (`startServer` starts it when URLs are set). */
  readonly webhookSender: WebhookSender;
  /** True when webhook URLs are configured. */
  readonly webhooksEnabled: boolean;
  /**
   * What the replica does when the cluster speaks: drops caches and pushes changes committed
   * elsewhere, and, when `lead` is true, runs the plan controller and the webhook sender
   * while it is the leader.
   */
  clusterListener(options: { readonly lead: boolean }): ClusterListener;
}

/**
 * Builds the Fastify app from its dependencies and wires the features together. Does no
 * I/O: the database is opened and migrated by the caller, and nothing listens until
 * `fastify.listen` (tests use `fastify.inject`).
 *
 * @example
 * const app = createApp({ database })
 * const reply = await app.fastify.inject({ method: 'GET', url: '/health' })
 */
export function createApp(deps: AppDeps): App {
  const { database } = deps;
  const clock = deps.clock ?? systemClock;
  const fastify: TypeboxApp = Fastify({
    // Malformed URLs, long path parameters and unparseable requests answer in Ramp's shape.
    ...fastifyOptions,
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimit ?? 1 << 20,
    exposeHeadRoutes: false,
  }).withTypeProvider();
  fastify.setValidatorCompiler(validatorCompiler);
  installErrorHandling(fastify);
  closeFreshSocketsOnShutdown(fastify);
  fastify.decorateRequest('principal', null);
  // First: it documents the routes registered after it, and declares its own public.
  openApiFeature().register(fastify);
  const routes: RouteInfo[] = [];
  fastify.addHook('onRoute', (route) => {
    // Every route must say who may call it; a forgotten decision fails at startup.
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });

  const flagUnit = (trx: Kysely<RampSchema>): FlagUnit => ({
    flags: new KyselyFlagStore(trx),
    audit: new KyselyAuditStore(trx),
    changes: new KyselyChangeLog(trx),
  });
  const observability = observabilityFeature({
    sseClients: () => streaming.hub.size,
    leader: () => deps.replica?.leader === true,
  });
  const streaming = streamingFeature({
    changes: new KyselyChangeLog(database.db),
    loadSnapshot: () => flags.service.snapshot(),
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    onBroadcast: (revision) => observability.propagation.broadcast(revision),
  });
  const flags = flagsFeature({
    clock,
    runInTransaction: (work) => database.transaction((trx) => work(flagUnit(trx))),
    read: (work) => database.read((trx) => work(flagUnit(trx))),
    onCommitted: (revision) => {
      observability.propagation.committed(revision);
      streaming.notify();
    },
    onEvaluated: (result) => observability.recordDecisions(result.flags),
  });
  const auth = authFeature({
    clock,
    tokens: new KyselyTokenStore(database.db),
    runInTransaction: (work) =>
      database.transaction((trx) =>
        work({ tokens: new KyselyTokenStore(trx), audit: new KyselyAuditStore(trx) }),
      ),
    rateLimit: deps.rateLimit,
    onRevoked: (tokenId) => streaming.hub.closeStreamsOf(tokenId),
  });
  const audit = auditFeature({ store: new KyselyAuditStore(database.db) });
  const metrics = metricsFeature({
    clock,
    store: new KyselyMetricStore(database.db),
    runInTransaction: (work) => database.transaction((trx) => work(new KyselyMetricStore(trx))),
  });
  const webhooks = webhooksFeature({
    clock,
    outbox: new KyselyWebhookOutbox(database.db),
    urls: deps.webhooks?.urls ?? [],
    secret: deps.webhooks?.secret,
    pollMs: deps.webhooks?.pollMs,
    backoffMs: deps.webhooks?.backoffMs,
    onError: (error) => fastify.log.error({ err: error }, 'webhook delivery failed'),
  });
  const plans = plansFeature({
    clock,
    plans: new KyselyPlanStore(database.db),
    runInTransaction: (work) =>
      database.transaction((trx) => {
        const unit = flagUnit(trx);
        return work({
          plans: new KyselyPlanStore(trx),
          audit: unit.audit,
          setPercentages: (changes, write) => setFlagPercentages(unit, changes, write),
          notify: (plan, outcome) =>
            webhooks.enqueue(new KyselyWebhookOutbox(trx), {
              plan,
              decision: outcome.decision,
              actor: outcome.actor,
              summary: outcome.summary,
              from: outcome.from,
              to: outcome.nextState.status,
              at: new Date(outcome.at).toISOString(),
              evidence: outcome.evidence,
            }),
        });
      }),
    onFlagsCommitted: (revision) => flags.service.committed(revision),
    onDecision: (plan, outcome) => {
      observability.rollouts.recordDecision(plan, outcome.decision);
      for (const e of outcome.evidence) {
        if (e.kind === 'gate' && e.value !== null) {
          observability.rollouts.setGateValue(plan, e.name, e.value);
        }
      }
    },
    readings: (window) => metrics.service.readings(window),
    prometheus: new PrometheusReader({
      defaultUrl: deps.prometheusUrl,
      onError: (query, error) =>
        fastify.log.warn({ err: error, query: query.query }, 'prometheus query failed: no data'),
    }),
    liveFlags: async () => {
      const { killAll, flags: live } = await flags.service.freshSnapshot();
      const percentages = new Map(live.map((f) => [f.key, f.enabled ? f.percentage : 0]));
      return { killAll: killAll.active, percentages };
    },
    intervalMs: deps.planIntervalMs,
    onError: (plan, error) => fastify.log.error({ err: error, plan }, 'plan decision failed'),
  });
  const { replica } = deps;
  const health = healthFeature({
    checks: { database: () => database.ping() },
    replica:
      replica === undefined
        ? undefined
        : () => ({ id: replica.replicaId, role: replica.leader ? 'leader' : 'follower' }),
  });
  const ofrep = ofrepFeature({
    evaluate: async (sessionId, keys) =>
      evaluateSnapshot(await flags.service.snapshot(), sessionId, keys),
    onServed: (decisions) => observability.recordDecisions(decisions),
  });

  // Routes are added once the OpenAPI plugin has loaded (at ready), on this same instance.
  registerAfterPlugins(fastify, (app) => {
    // Auth's onRequest hook guards every route by its declared access.
    auth.register(app);
    for (const feature of [health, flags, audit, streaming, ofrep, observability, metrics, plans]) {
      feature.register(app);
    }
  });
  const rolloutMetrics = observability.rollouts;
  return {
    fastify,
    routes,
    auth: auth.service,
    flags: flags.service,
    rolloutMetrics,
    metrics: metrics.service,
    plans: plans.service,
    planController: plans.controller,
    webhookSender: webhooks.sender,
    webhooksEnabled: webhooks.enabled,
    clusterListener: ({ lead }) => ({
      changed: (revision) => {
        flags.service.changedElsewhere(revision);
        // This replica's own commits come back too, already broadcast: no second read.
        if ((streaming.hub.revision ?? -1) < revision) streaming.notify();
      },
      tokenRevoked: (tokenId) => {
        auth.service.forgetVerified();
        streaming.hub.closeStreamsOf(tokenId);
      },
      resync: () => {
        flags.service.changedElsewhere();
        auth.service.forgetVerified();
        streaming.notify();
      },
      leadership: async (leader) => {
        if (!lead) return;
        if (leader) {
          plans.controller.start();
          if (webhooks.enabled) webhooks.sender.start();
        } else {
          await plans.controller.stop();
          await webhooks.sender.stop();
        }
      },
    }),
  };
}

/**
 * Runs `register` after the plugins registered so far have loaded, on the root instance
 * itself (not an encapsulated child), so hooks and routes apply app-wide.
 */
function registerAfterPlugins(fastify: TypeboxApp, register: (app: TypeboxApp) => void): void {
  const plugin = (app: TypeboxApp, _options: unknown, done: () => void): void => {
    register(app);
    done();
  };
  // Fastify's marker for a plugin that must not get its own encapsulation context.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  void fastify.register(plugin);
}
