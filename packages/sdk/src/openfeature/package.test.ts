import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const srcDir = join(packageDir, 'src');

function node(args: string[]): string {
  if (!existsSync(join(packageDir, 'dist/cjs/openfeature/index.js'))) {
    throw new Error('packages/sdk/dist is missing: run `npm run build` first');
  }
  return execFileSync(process.execPath, args, {
    cwd: packageDir,
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  }).trim();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const program = `
  const flags = new FeatureFlags({ file: false, env: {}, flags: { checkout: { enabled: true } } });
  OpenFeature.setProviderAndWait(new RampProvider(flags))
    .then(() => OpenFeature.getClient().getBooleanDetails('checkout', false))
    .then((d) => console.log(d.value, d.reason, d.variant));
`;

describe('@ramp/sdk/openfeature as a package', () => {
  it('is the only part of the SDK that imports @openfeature', () => {
    const importers = sourceFiles(srcDir)
      .filter((file) => readFileSync(file, 'utf8').includes("from '@openfeature/"))
      .map((file) => relative(srcDir, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith('openfeature/'))).toEqual([]);
  });

  it('keeps the main entry free of the optional peer at run time', () => {
    const loaded = node([
      '-e',
      `require('@ramp/sdk'); console.log(Object.keys(require.cache).filter((p) => p.includes('@openfeature')).length)`,
    ]);
    expect(loaded).toBe('0');
  });

  it('works from CommonJS with require()', () => {
    const out = node([
      '-e',
      `const { OpenFeature } = require('@openfeature/server-sdk');
       const { FeatureFlags } = require('@ramp/sdk');
       const { RampProvider } = require('@ramp/sdk/openfeature'); ${program}`,
    ]);
    expect(out).toBe('true STATIC on');
  });

  it('works from ESM with import', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { OpenFeature } from '@openfeature/server-sdk';
       import { FeatureFlags } from '@ramp/sdk';
       import { RampProvider } from '@ramp/sdk/openfeature'; ${program}`,
    ]);
    expect(out).toBe('true STATIC on');
  });
});
