import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@ramp/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';

const bin = fileURLToPath(new URL('../../bin/ramp.js', import.meta.url));

/** Starts `ramp serve --port 0` and resolves with its first lines of output. */
function startServe(dataDir: string) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dataDir], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (
        out.includes('Dashboard:') &&
        (out.includes('export RAMP_URL') || !out.includes('Admin token'))
      ) {
        resolve(out);
      }
    });
    child.on('exit', (code) => reject(new Error(`ramp serve exited with ${code}: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, started, exited };
}

describe('ramp serve', () => {
  it('serves the API with SQLite in --data, prints the admin token once, stops on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ramp-serve-')), 'data');
    const first = startServe(dataDir);
    const out = await first.started;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const token = /(ramp_[\w-]+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(token).toBeDefined();
    const created = await fetch(`${url}/api/v1/flags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'memory_system', enabled: true, percentage: 10 }),
    });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${url}/`)).text()).toContain('<title>Ramp</title>');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Second start on the same data: the flag is there and no new token is printed.
    const second = startServe(dataDir);
    const again = await second.started;
    expect(again).not.toContain('Admin token');
    const url2 = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(again)?.[1];
    const flags = await fetch(`${url2}/admin/feature-flags`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await flags.json()).toEqual({ memory_system: 0.1 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses a bad port with exit code 2', async () => {
    const result = await runCli(['serve', '--port', '99999']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ramp: --port must be a port from 0 to 65535, got "99999"\n');
  });

  it('refuses any bad environment variable with exit code 1 and one line naming it', async () => {
    const names = [
      'RAMP_PORT',
      'DATABASE_URL',
      'RAMP_ADMIN_TOKEN',
      'RAMP_LOG_LEVEL',
      'RAMP_WEBHOOK_URLS',
      'RAMP_PROMETHEUS_URL',
      'RAMP_PLAN_INTERVAL_MS',
      'RAMP_LEADER_POLL_MS',
    ];
    const value = fc.oneof(
      fc.constantFrom('-1', '65536', '1e3', 'loud', 'mysql://db', 'ftp://x', 'short', 'a\nb'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    );
    const data = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), value, async (name, bad) => {
        // Only values the server refuses (a random one may be valid: then it would start).
        fc.pre(refuses({ [name]: bad }));
        const result = await runCli(['serve', '--port', '0', '--data', data], {
          env: { [name]: bad },
        });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        // The URLs' error names the secret they need.
        expect(result.stderr).toMatch(/^ramp: [A-Z_]+: [^\n]*\n$/);
        const named = /^ramp: ([A-Z_]+): /.exec(result.stderr)?.[1];
        expect([name, 'RAMP_WEBHOOK_SECRET']).toContain(named);
      }),
      { numRuns: 30 },
    );
  });
});

function refuses(env: Record<string, string>): boolean {
  try {
    loadConfig(env);
    return false;
  } catch {
    return true;
  }
}
