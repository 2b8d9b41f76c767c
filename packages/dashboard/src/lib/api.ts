import type {
  AuditList,
  AuditQuery,
  ErrorCode,
  Flag,
  FlagList,
  KillAllState,
  MetricsSummary,
  MetricsSummaryQuery,
  PatchFlagBody,
  RollbackBody,
  TokenList,
} from '@ramp/api';

/** An error reply of the API (or a network failure, with status 0 and code `NETWORK`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK' | 'UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH';
type Query = Readonly<Record<string, string | number | undefined>>;

interface Call {
  readonly body?: unknown;
  readonly query?: Query;
  readonly version?: number;
}

/**
 * A small typed client for the dashboard, on the page's own origin. It imports only types from
 * `@ramp/api`, so the bundle carries no schema runtime. Every method rejects with an
 * {@link ApiError}.
 *
 * @example
 * const api = createApi(token)
 * const { flags } = await api.listFlags()
 */
export function createApi(token: string, doFetch: typeof fetch = fetch.bind(globalThis)) {
  async function request<T>(method: Method, path: string, call: Call = {}): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    };
    if (call.version !== undefined) headers['if-match'] = `"${call.version}"`;
    const init: RequestInit = { method, headers, cache: 'no-store' };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    let response: Response;
    try {
      response = await doFetch(path + queryString(call.query), init);
    } catch {
      throw new ApiError(0, 'NETWORK', 'the server cannot be reached');
    }
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as T;
  }

  const flagPath = (key: string) => `/api/v1/flags/${encodeURIComponent(key)}`;
  const planPath = (name: string) => `/api/v1/plans/${encodeURIComponent(name)}`;

  return {
    token,
    listFlags: () => request<FlagList>('GET', '/api/v1/flags'),
    getFlag: (key: string) => request<Flag>('GET', flagPath(key)),
    /** `version` is the version the change is based on; a stale one is a CONFLICT (409). */
    updateFlag: (key: string, patch: PatchFlagBody, version: number) =>
      request<Flag>('PATCH', flagPath(key), { body: patch, version }),
    rollbackFlag: (key: string, body: RollbackBody, version: number) =>
      request<Flag>('POST', `${flagPath(key)}/rollback`, { body, version }),
    killAll: (reason: string) =>
      request<KillAllState>('POST', '/api/v1/kill-all', { body: { reason } }),
    undoKillAll: (reason: string) =>
      request<KillAllState>('POST', '/api/v1/kill-all/undo', { body: { reason } }),
    audit: (query: AuditQuery = {}) =>
      request<AuditList>('GET', '/api/v1/audit', { query: { ...query } }),
    /** Admin only: the dashboard uses it to learn whether a token is an admin token. */
    listTokens: () => request<TokenList>('GET', '/api/v1/tokens'),
    /** Rollout plans; the server answers 404 until it has the plans feature. */
    listPlans: () => request<unknown>('GET', '/api/v1/plans'),
    /** One plan: its compiled plan, run state and latest decisions (read with `readPlan`). */
    getPlan: (name: string) => request<unknown>('GET', planPath(name)),
    /** Every decision with its evidence, newest first. */
    planDecisions: (name: string, limit = 100) =>
      request<unknown>('GET', `${planPath(name)}/decisions`, { query: { limit } }),
    /** Admin: approve, hold, resume or roll back a run; `version` makes a stale command a 409. */
    planCommand: (name: string, command: PlanCommand, version: number) =>
      request<unknown>('POST', `${planPath(name)}/${command.kind}`, {
        body: { ...commandBody(command), version },
      }),
    metricsSummary: (query: MetricsSummaryQuery) =>
      request<MetricsSummary>('GET', '/api/v1/metrics/summary', { query: { ...query } }),
  };
}

/** A person's command on a plan run (the plans API's POST bodies, without the version). */
export type PlanCommand =
  | { readonly kind: 'approve'; readonly name: string; readonly rationale: string }
  | { readonly kind: 'hold'; readonly reason: string }
  | { readonly kind: 'resume'; readonly reason?: string | undefined }
  | {
      readonly kind: 'rollback';
      readonly reason: string;
      readonly to?: number | 'previous' | undefined;
    };

function commandBody(command: PlanCommand): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(command).filter(([name, value]) => name !== 'kind' && value !== undefined),
  );
}

/** The client {@link createApi} returns. */
export type Api = ReturnType<typeof createApi>;

function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Reads `{"error":{"code","message"}}`, falling back to the status line. */
export async function toApiError(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? (body.error.code as ErrorCode) : 'UNKNOWN';
    const message = typeof body.error?.message === 'string' ? body.error.message : fallback;
    return new ApiError(response.status, code, message);
  } catch {
    return new ApiError(response.status, 'UNKNOWN', fallback);
  }
}
