import type { AuditList, AuditQuery } from './audit.js';
import type { ErrorBody, ErrorCode } from './errors.js';
import type { EvaluateBody, EvaluateResult } from './evaluate.js';
import type { KillAllState, Snapshot } from './feed.js';
import type {
  CompatFlags,
  CreateFlagBody,
  Flag,
  FlagList,
  PatchFlagBody,
  RollbackBody,
} from './flags.js';
import type { DeepHealth, Health } from './health.js';
import type {
  ApprovePlanBody,
  HoldPlanBody,
  PlanDecisionList,
  PlanDecisionQuery,
  PlanList,
  PlanView,
  ReadinessBody,
  ResumePlanBody,
  RollbackPlanBody,
} from './plans.js';
import type { CreatedToken, CreateTokenBody, TokenInfo, TokenList } from './tokens.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:4242`. */
  readonly baseUrl: string;
  /** A bearer token (`ramp_…`); without it only `/health` works. */
  readonly token?: string | undefined;
  /** The fetch to use (tests, proxies); the global one by default. */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * An error reply of the API: its HTTP status and its `{"error":{"code","message"}}` body.
 *
 * @example
 * try { await client.updateFlag('checkout', { percentage: 50, version: 3 }) }
 * catch (e) { if (e instanceof ApiError && e.code === 'CONFLICT') reloadAndRetry() }
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A snapshot with its ETag, or `notModified` when the `etag` given is still current. */
export type SnapshotReply =
  | { readonly notModified: false; readonly snapshot: Snapshot; readonly etag: string | null }
  | { readonly notModified: true };

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Call {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A text body sent as is (a plan file), instead of `body` as JSON. */
  readonly text?: { readonly body: string; readonly contentType: string };
}

/**
 * A small typed client for Ramp's HTTP API, used by the CLI and the dashboard. Every method
 * resolves to the reply body, or rejects with an {@link ApiError}.
 *
 * @example
 * const ramp = createClient({ baseUrl: 'http://127.0.0.1:4242', token: process.env.RAMP_TOKEN })
 * const flag = await ramp.getFlag('memory_system')
 * await ramp.updateFlag('memory_system', { percentage: 25, version: flag.version })
 */
export function createClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  async function send(method: Method, path: string, call: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const init: RequestInit = { method, headers };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    } else if (call.text !== undefined) {
      headers['content-type'] = call.text.contentType;
      init.body = call.text.body;
    }
    return doFetch(base + path + queryString(call.query), init);
  }

  async function request<T>(method: Method, path: string, call: Call = {}): Promise<T> {
    const response = await send(method, path, call);
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as T;
  }

  const flag = (key: string) => `/api/v1/flags/${encodeURIComponent(key)}`;
  const plan = (name: string) => `/api/v1/plans/${encodeURIComponent(name)}`;

  return {
    listFlags: (query: { archived?: boolean } = {}) =>
      request<FlagList>('GET', '/api/v1/flags', { query }),
    getFlag: (key: string) => request<Flag>('GET', flag(key)),
    createFlag: (body: CreateFlagBody) => request<Flag>('POST', '/api/v1/flags', { body }),
    /** `patch.version` is the version the change is based on; a stale one is a CONFLICT. */
    updateFlag: (key: string, patch: PatchFlagBody) =>
      request<Flag>('PATCH', flag(key), { body: patch }),
    /** Archives the flag (it leaves the list and the snapshot). */
    archiveFlag: (key: string, version?: number) =>
      request<Flag>('DELETE', flag(key), { headers: ifMatch(version) }),
    rollbackFlag: (key: string, body: RollbackBody, version?: number) =>
      request<Flag>('POST', `${flag(key)}/rollback`, { body, headers: ifMatch(version) }),
    killAll: (reason: string) =>
      request<KillAllState>('POST', '/api/v1/kill-all', { body: { reason } }),
    undoKillAll: (reason: string) =>
      request<KillAllState>('POST', '/api/v1/kill-all/undo', { body: { reason } }),
    audit: (query: AuditQuery = {}) => request<AuditList>('GET', '/api/v1/audit', { query }),
    createToken: (body: CreateTokenBody) =>
      request<CreatedToken>('POST', '/api/v1/tokens', { body }),
    listTokens: () => request<TokenList>('GET', '/api/v1/tokens'),
    revokeToken: (id: string) =>
      request<TokenInfo>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`),
    evaluate: (body: EvaluateBody) => request<EvaluateResult>('POST', '/api/v1/evaluate', { body }),
    /** Pass the last ETag to get `{ notModified: true }` when nothing changed. */
    async snapshot(etag?: string): Promise<SnapshotReply> {
      const headers: Record<string, string> = etag === undefined ? {} : { 'if-none-match': etag };
      const response = await send('GET', '/api/v1/snapshot', { headers });
      if (response.status === 304) return { notModified: true };
      if (!response.ok) throw await toApiError(response);
      const snapshot = (await response.json()) as Snapshot;
      return { notModified: false, snapshot, etag: response.headers.get('etag') };
    },
    /** The compatibility API: key -> fraction (0..1). */
    getCompatFlags: () => request<CompatFlags>('GET', '/admin/feature-flags'),
    setCompatFlags: (values: CompatFlags) =>
      request<CompatFlags>('POST', '/admin/feature-flags', { body: values }),
    /** Starts a run of a plan file (its YAML or JSON text); 400 lists every `path: message`. */
    applyPlan: (source: string) =>
      request<PlanView>('POST', '/api/v1/plans', {
        text: { body: source, contentType: 'application/yaml' },
      }),
    listPlans: () => request<PlanList>('GET', '/api/v1/plans'),
    /** The plan, its state and its latest 10 decisions. */
    getPlan: (name: string) => request<PlanView>('GET', plan(name)),
    /** Every decision with its evidence, newest first. */
    planDecisions: (name: string, query: PlanDecisionQuery = {}) =>
      request<PlanDecisionList>('GET', `${plan(name)}/decisions`, {
        query: { limit: query.limit },
      }),
    approvePlan: (name: string, body: ApprovePlanBody) =>
      request<PlanView>('POST', `${plan(name)}/approve`, { body }),
    holdPlan: (name: string, body: HoldPlanBody) =>
      request<PlanView>('POST', `${plan(name)}/hold`, { body }),
    resumePlan: (name: string, body: ResumePlanBody = {}) =>
      request<PlanView>('POST', `${plan(name)}/resume`, { body }),
    rollbackPlan: (name: string, body: RollbackPlanBody) =>
      request<PlanView>('POST', `${plan(name)}/rollback`, { body }),
    confirmReadiness: (name: string, body: ReadinessBody) =>
      request<PlanView>('POST', `${plan(name)}/readiness`, { body }),
    health: () => request<Health>('GET', '/health'),
    /** Resolves with the report for 200 and 503 alike; `status` says which. */
    async deepHealth(): Promise<DeepHealth> {
      const response = await send('GET', '/health/deep');
      if (response.status !== 200 && response.status !== 503) throw await toApiError(response);
      return (await response.json()) as DeepHealth;
    },
    /** The SSE address (`GET /api/v1/stream`); send the token as a bearer header. */
    streamUrl: () => `${base}/api/v1/stream`,
  };
}

/** The client {@link createClient} returns. */
export type RampClient = ReturnType<typeof createClient>;

function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { 'if-match': `"${version}"` };
}

function queryString(query: Call['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body.error !== undefined) {
      return new ApiError(response.status, body.error.code, body.error.message);
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the status line.
  }
  return new ApiError(response.status, 'UNKNOWN', `HTTP ${response.status}: ${text.slice(0, 200)}`);
}
