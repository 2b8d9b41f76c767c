import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRamp, type RampServer } from './openfeature-support.js';

// A real Prometheus (Debian's package; CI installs it) scrapes a real Ramp server on loopback
// with a read token, as docs/interfaces.md tells users to configure it.

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

interface QueryResult {
  readonly status: string;
  readonly data: { readonly result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('Prometheus scraping /metrics', () => {
  let ramp: RampServer;
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) {
      throw new Error(
        `${PROMETHEUS} is missing: apt-get install -y prometheus (or set PROMETHEUS_BIN)`,
      );
    }
    ramp = await startRamp();
    await ramp.admin.createFlag({ key: 'checkout', enabled: true, percentage: 100 });
    await ramp.admin.evaluate({ sessionId: 'session-1', flags: ['checkout'] });

    dir = mkdtempSync(join(tmpdir(), 'ramp-prometheus-'));
    writeFileSync(join(dir, 'ramp-token'), ramp.readToken);
    writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(new URL(ramp.url).host, dir));
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    prometheus.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (prometheus?.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await ramp?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function query(promql: string): Promise<QueryResult['data']['result']> {
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`;
    const response = await fetch(url);
    const body = (await response.json()) as QueryResult;
    expect(body.status).toBe('success');
    return body.data.result;
  }

  it('reports the target up with a bearer token, and stores Ramp metrics', async () => {
    await vi.waitFor(
      async () => {
        expect(prometheus?.exitCode, `prometheus exited: ${output}`).toBeNull();
        const up = await query('up{job="ramp"}');
        expect(up[0]?.value[1]).toBe('1');
      },
      { timeout: 30_000, interval: 250 },
    );
    const evaluations = await query('ramp_flag_evaluations_total{flag="checkout"}');
    expect(evaluations).toMatchObject([
      { metric: { job: 'ramp', flag: 'checkout', cohort: 'on' }, value: [expect.any(Number), '1'] },
    ]);
    expect(await query('ramp_sse_clients')).toHaveLength(1);
  }, 40_000);
});

function scrapeConfig(target: string, dir: string): string {
  return `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ramp
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: ${join(dir, 'ramp-token')}
    static_configs:
      - targets: ['${target}']
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
