import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8')) as Record<
  string,
  unknown
>;

function run(args: string[]): string {
  if (!existsSync(`${packageDir}/dist/cjs/index.js`)) {
    throw new Error('packages/sdk/dist is missing: run `npm run build` first');
  }
  return execFileSync(process.execPath, args, {
    cwd: packageDir,
    env: {
      PATH: process.env.PATH,
      MEMORY_SYSTEM_ENABLED: 'true',
      MEMORY_SYSTEM_ROLLOUT_PERCENTAGE: '10',
    },
    encoding: 'utf8',
  }).trim();
}

const program = `
  const flags = new FeatureFlags();
  let n = 0;
  for (let i = 1; i <= 1000; i++) if (flags.shouldUse('memory_system', 'session-' + i)) n++;
  console.log(n, typeof hashBucket);
`;

describe('@ramp/sdk as a package', () => {
  it('has zero runtime dependencies', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    // Optional peers only: YAML files and the OpenFeature provider use the app's own copies.
    expect(Object.keys((manifest.peerDependencies as object | undefined) ?? {})).toEqual([
      '@openfeature/server-sdk',
      'yaml',
    ]);
    expect(manifest.peerDependenciesMeta).toEqual({
      '@openfeature/server-sdk': { optional: true },
      yaml: { optional: true },
    });
  });

  it('works from CommonJS with require()', () => {
    const out = run([
      '-e',
      `const { FeatureFlags, hashBucket } = require('@ramp/sdk'); ${program}`,
    ]);
    expect(out).toBe('105 function');
  });

  it('works from ESM with import', () => {
    const out = run([
      '--input-type=module',
      '-e',
      `import { FeatureFlags, hashBucket } from '@ramp/sdk'; ${program}`,
    ]);
    expect(out).toBe('105 function');
  });

  it('ships type declarations for both module systems', () => {
    expect(existsSync(`${packageDir}/dist/esm/index.d.ts`)).toBe(true);
    expect(existsSync(`${packageDir}/dist/cjs/index.d.ts`)).toBe(true);
  });
});
