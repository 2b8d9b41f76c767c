import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the built dashboard is when `@ramp/dashboard` is installed beside the server (as in
 * this repository's workspaces), or undefined when it is not there or not built.
 *
 * @example
 * const distDir = defaultDashboardDir()
 * if (distDir !== undefined) registerDashboard(app.fastify, { distDir })
 */
export function defaultDashboardDir(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@ramp/dashboard/package.json');
    const distDir = join(dirname(manifest), 'dist');
    return existsSync(join(distDir, 'index.html')) ? distDir : undefined;
  } catch {
    return undefined;
  }
}
