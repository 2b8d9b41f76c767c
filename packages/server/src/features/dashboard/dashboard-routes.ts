import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';

export interface DashboardOptions {
  /** The dashboard's build (`packages/dashboard/dist`): index.html and assets/. */
  readonly distDir: string;
}

/** Paths of the API and the other endpoints: never answered with the dashboard's page. */
const SERVER_PATHS = /^\/(?:api|admin|ofrep|health|metrics|docs)(?:\/|$)/;

/** A file at the top of the build (favicon.svg, robots.txt), not a dashboard route. */
const TOP_LEVEL_FILE = /^\/[\w.-]+\.[a-z0-9]+$/i;

/** Vite names assets after their content hash, so a name never changes meaning. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * The page can load only its own scripts and styles and talk only to its own origin.
 * (React's `style` prop and uPlot set styles through the CSSOM, which style-src allows.)
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the dashboard at `/`: hashed files under `/assets/` with a one-year immutable cache,
 * and index.html (revalidated on every load) for every other GET path that is not an API
 * path, so the dashboard's own routes (`/flags/checkout`, `/stale`) survive a reload. API
 * paths that match no route still get the JSON 404. Register it after the API routes.
 *
 * @example
 * registerDashboard(app.fastify, { distDir: '/srv/ramp/dashboard/dist' })
 */
export function registerDashboard(app: TypeboxApp, options: DashboardOptions): void {
  const root = resolve(options.distDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `the dashboard is not built: ${join(root, 'index.html')} is missing ` +
        '(run `npm run build -w @ramp/dashboard`)',
    );
  }
  // serve: false: only `reply.sendFile`; the routes below say who may call them (everyone).
  void app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'deny' });
  const config = { access: Access.PUBLIC };

  app.get('/assets/*', { config }, (request, reply) => {
    const { '*': file } = request.params as { '*': string };
    return reply.header('cache-control', ASSET_CACHE).sendFile(`assets/${file}`, {
      cacheControl: false,
    });
  });

  app.get('/*', { config }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    if (TOP_LEVEL_FILE.test(path) && isFile(join(root, path))) {
      return reply.header('cache-control', 'public, max-age=3600').sendFile(path.slice(1), {
        cacheControl: false,
      });
    }
    return sendPage(reply);
  });
}

function sendPage(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .sendFile('index.html', { cacheControl: false });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
