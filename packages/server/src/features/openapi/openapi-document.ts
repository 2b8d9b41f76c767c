import type { FastifyDynamicSwaggerOptions, SwaggerTransform } from '@fastify/swagger';
import type { Access } from '../../http/access.js';

/** Where the page, the JSON (`/docs/json`) and the YAML (`/docs/yaml`) are served. */
export const DOCS_PREFIX = '/docs';

/** Paths the document describes; the dashboard's pages and the docs themselves are left out. */
const API_PATHS = /^\/(?:api|admin|ofrep|health|metrics)(?:\/|$)/;

/** Who may call a route, in words (the same table as features/auth/scopes.ts). */
const ACCESS_TEXT: Record<Access, string> = {
  public: 'No token needed.',
  admin: 'Needs an admin token.',
  read: 'Needs an admin or read token.',
  feed: 'Needs an admin, sdk or read token.',
  ingest: 'Needs an admin or sdk token.',
};

/** Tags for the first path segments whose name is not the tag. */
const TAG_OF_SEGMENT: Readonly<Record<string, string>> = {
  'kill-all': 'flags',
  evaluate: 'flags',
  snapshot: 'feed',
  stream: 'feed',
  admin: 'compatibility',
  metrics: 'observability',
};

/** The document's top: title, bearer auth, tags. Paths come from the routes' own schemas. */
export const openApiDocument: NonNullable<FastifyDynamicSwaggerOptions['openapi']> = {
  openapi: '3.1.0',
  info: {
    title: 'Ramp control plane',
    version: 'v1',
    description:
      'Feature flags with stable percentage rollouts, the SDK feed, audit, tokens, OFREP and ' +
      'Prometheus metrics. Request schemas are the ones the server validates with.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A Ramp token (`ramp_...`) with the admin, sdk or read scope.',
      },
    },
  },
  tags: [
    { name: 'flags', description: 'Flags, rollback, kill switch and server-side evaluation' },
    { name: 'feed', description: 'What SDKs follow: the snapshot and the SSE stream' },
    { name: 'audit', description: 'The append-only record of every change' },
    { name: 'tokens', description: 'Bearer tokens and their scopes' },
    { name: 'compatibility', description: 'The admin API kept from before Ramp' },
    { name: 'health', description: 'Liveness and dependency checks' },
    { name: 'OFREP', description: 'OpenFeature Remote Evaluation Protocol' },
    { name: 'observability', description: 'Prometheus exposition' },
    { name: 'metrics', description: 'App metrics and exposures from SDKs, per minute and cohort' },
  ],
};

/**
 * Adds to each route what its schema does not say: its tag, its security (none for public
 * routes) and who may call it. Hides what is not API.
 */
export const transformRoute: SwaggerTransform = ({ schema, url, route }) => {
  if (!API_PATHS.test(url)) return { schema: { ...schema, hide: true }, url };
  const access = route.config?.access ?? 'public';
  const description = [schema?.description, ACCESS_TEXT[access]].filter(Boolean).join(' ');
  return {
    url,
    schema: {
      ...schema,
      tags: schema?.tags ?? [tagFor(url)],
      description,
      security: access === 'public' ? [] : [{ bearerAuth: [] }],
    },
  };
};

/**
 * Marks the OFREP request bodies optional, as the protocol has them (the plugin marks every
 * body required; the routes treat a missing one as an empty context).
 */
export const transformDocument: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (
  documentObject,
) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const document = documentObject.openapiObject;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const body = path.startsWith('/ofrep/') ? item?.post?.requestBody : undefined;
    if (body !== undefined && 'required' in body) body.required = false;
  }
  return document;
};

function tagFor(url: string): string {
  const segments = url.split('/').filter(Boolean);
  const segment = (segments[0] === 'api' ? segments[2] : segments[0]) ?? 'other';
  return TAG_OF_SEGMENT[segment] ?? segment;
}
