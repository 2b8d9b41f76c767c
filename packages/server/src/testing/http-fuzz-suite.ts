import { ErrorCode } from '@ramp/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../app.js';
import type { TestDatabase } from './databases.js';
import { badAuthorization, requestsTo, type RequestOptions } from './fuzz-requests.js';
import { REGRESSIONS } from './fuzz-regressions.js';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.js';
import type { RawRequest, RawResponse } from './raw-http.js';

/** Matches any string (typed, for object literals). */
const ANY_TEXT: unknown = expect.any(String);

export interface HttpFuzzOptions {
  readonly database: () => Promise<TestDatabase>;
  /** Requests per route with the admin token (they reach validation). */
  readonly runs: number;
  /** Requests per route with no token or a bad one. */
  readonly unauthenticatedRuns: number;
}

/**
 * Fuzzes every route the app registers (a new route is fuzzed without being listed) on a real
 * server: hostile path parameters, queries, headers and bodies. Bad input must always get a
 * 4xx with `{"error":{"code","message"}}`, never a 5xx; a 4xx must have written nothing
 * (compared through the public API); and the server must still answer afterwards.
 */
export function httpFuzzSuite(engine: string, options: HttpFuzzOptions): void {
  describe(`fuzzing every route on ${engine}`, () => {
    let target: FuzzTarget;
    beforeAll(async () => {
      target = await startFuzzTarget(await options.database());
    });
    afterAll(async () => target.close());

    it.each(REGRESSIONS)('answers $name with $status', async ({ request, status, code }) => {
      const before = await target.fingerprint();
      const authorization = `Bearer ${target.adminToken}`;
      const response = await target.send({
        ...request,
        headers: { authorization, ...request.headers },
      });
      expect(response.status, response.body).toBe(status);
      if (code !== undefined) {
        expect(JSON.parse(response.body)).toEqual({ error: { code, message: ANY_TEXT } });
      }
      if (status >= 400) expect(await target.fingerprint()).toBe(before);
    });

    it('answers an admin’s bad input with a 4xx error and writes nothing', async () => {
      const failures = await fuzzRoutes(target, {
        runs: options.runs,
        requests: {
          seeded: target.seeded,
          authorization: fc.constant(`Bearer ${target.adminToken}`),
          hostilePaths: true,
        },
        writes: true,
      });
      expect(failures).toEqual([]);
    }, 120_000);

    it('answers any request without a valid token with 401, and writes nothing', async () => {
      const failures = await fuzzRoutes(target, {
        runs: options.unauthenticatedRuns,
        requests: { seeded: target.seeded, authorization: badAuthorization, hostilePaths: false },
        writes: false,
        expectation: (route, response) => {
          if (route.access === 'public') return;
          expect(response.status, 'status').toBe(401);
          expect(errorCode(response), 'code').toBe('UNAUTHORIZED');
        },
      });
      expect(failures).toEqual([]);
    }, 60_000);
  });
}

interface FuzzRun {
  /** Requests per route. */
  readonly runs: number;
  readonly requests: RequestOptions;
  /** False when no request may write anything whatever its answer (no valid token). */
  readonly writes: boolean;
  /** What else every answer must satisfy. */
  readonly expectation?: (route: RouteInfo, response: RawResponse) => void;
}

/** Fuzzes each route in turn; the failures, one line each with its route. */
async function fuzzRoutes(target: FuzzTarget, run: FuzzRun): Promise<string[]> {
  expect(target.routes.length).toBeGreaterThan(0);
  const failures: string[] = [];
  for (const route of target.routes) {
    try {
      await fuzzRoute(target, route, run);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${route.method} ${route.url}: ${message.slice(0, 3000)}`);
    }
  }
  return failures;
}

const READS = ['GET', 'HEAD'];

/**
 * Requests that may write are compared one by one: a 4xx must leave the state as it was. A
 * read, or a request without a valid token, must write nothing whatever its answer, so the
 * state is compared once around all of the route's requests (four reads less per request).
 */
async function fuzzRoute(target: FuzzTarget, route: RouteInfo, run: FuzzRun): Promise<void> {
  const oneByOne = run.writes && !READS.includes(route.method);
  const start = await target.fingerprint();
  // The state before the next request; unknown after a failed run.
  let before: string | undefined = start;
  const property = fc.asyncProperty(requestsTo(route, run.requests), async (request) => {
    try {
      if (oneByOne) before ??= await target.fingerprint();
      const response = await target.send(request);
      checkResponse(route, request, response);
      run.expectation?.(route, response);
      if (!oneByOne) return;
      const after = await target.fingerprint();
      if (response.status >= 400) expect(after, 'the state after a 4xx').toBe(before);
      before = after;
    } catch (error) {
      before = undefined;
      throw new Error(`${describeRequest(request)}\n${String(error)}`);
    }
  });
  await fc.assert(property, { numRuns: run.runs, includeErrorInReport: true });
  if (!oneByOne) expect(await target.fingerprint(), 'the state afterwards').toBe(start);
  const health = await target.send({ method: 'GET', path: '/health' });
  expect(health.status, 'GET /health afterwards').toBe(200);
}

/** No 5xx; every 4xx is a JSON error body (HEAD answers have no body). */
function checkResponse(route: RouteInfo, request: RawRequest, response: RawResponse): void {
  expect(response.status, 'status').toBeLessThan(500);
  if (response.status < 400 || request.method === 'HEAD') return;
  expect(response.headers['content-type'], 'content type').toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as unknown;
  if (route.url.startsWith('/ofrep/') && isObject(body) && 'errorCode' in body) {
    // The protocol's own failure shape, which the OFREP routes answer 400 and 404 with.
    expect([400, 404], 'OFREP failure status').toContain(response.status);
    expect(body.errorCode, 'OFREP error code').toEqual(expect.any(String));
    return;
  }
  expect(body, 'error body').toEqual({ error: { code: ANY_TEXT, message: ANY_TEXT } });
  expect(Object.values(ErrorCode), 'error code').toContain(errorCode(response));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(response: RawResponse): unknown {
  const body = JSON.parse(response.body) as { error?: { code?: unknown } };
  return body.error?.code;
}

/** One line, cut short: bodies and paths can be megabytes. */
function describeRequest(request: RawRequest): string {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? cut(JSON.stringify(request.body))
        : `<${request.body.length} bytes>`;
  return `${request.method} ${cut(request.path)} ${cut(JSON.stringify(request.headers))} ${body}`;
}
