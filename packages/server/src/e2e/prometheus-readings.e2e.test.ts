import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../app.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { FakeClock } from '../testing/fake-clock.js';

// The plan controller reads a gate from a real Prometheus that scrapes this Ramp server.

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const TOKEN = 'ramp_prometheus-readings-token-0123456789';
const PLAN = `
name: prometheus-rollout
flags:
  - key: checkout
metrics:
  evaluations: { prometheus: { query: 'sum(ramp_flag_evaluations_total{flag="{{flag}}"})' } }
phases:
  - name: canary
    percentages: { checkout: 50 }
    bake: 1m
    gates:
      - { name: evaluations-seen, metric: evaluations, atLeast: 3 }
`;

describe('the plan controller reading Prometheus', () => {
  let handle: TestDatabase;
  let app: App;
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let output = '';
  let prometheusUrl = '';
  const clock = new FakeClock(Date.now());

  const inject = (method: 'GET' | 'POST', url: string, payload?: object | string) =>
    app.fastify.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(typeof payload === 'string' ? { 'content-type': 'application/yaml' } : {}),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing (set PROMETHEUS_BIN)`);
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    handle = await sqliteTestDatabase();
    // No url in the plan: the gate reads the server's Prometheus (RAMP_PROMETHEUS_URL).
    app = createApp({ database: handle.database, clock, prometheusUrl });
    await app.auth.ensureAdminToken(TOKEN);
    const url = await app.fastify.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'ramp-prometheus-readings-'));
    writeFileSync(join(dir, 'token'), TOKEN);
    writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(new URL(url).host, dir));
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
    await app?.planController.close();
    await app?.fastify.close();
    await handle?.drop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('judges a gate on the value Prometheus scraped from /metrics', async () => {
    expect((await inject('POST', '/api/v1/flags', { key: 'checkout' })).statusCode).toBe(201);
    expect((await inject('POST', '/api/v1/plans', PLAN)).statusCode).toBe(201);
    expect(await app.planController.tick()).toEqual({ 'prometheus-rollout': 'GO' });
    for (const sessionId of ['s1', 's2', 's3']) {
      const reply = await inject('POST', '/api/v1/evaluate', { sessionId, flags: ['checkout'] });
      expect(reply.statusCode).toBe(200);
    }
    // Wait until Prometheus has scraped all three evaluations.
    await vi.waitFor(
      async () => {
        expect(prometheus?.exitCode, `prometheus exited: ${output}`).toBeNull();
        const value = await queryNow('sum(ramp_flag_evaluations_total{flag="checkout"})');
        expect(value).toBe('3');
      },
      { timeout: 30_000, interval: 250 },
    );

    clock.advance(61_000);
    expect(await app.planController.tick()).toEqual({ 'prometheus-rollout': 'GO' });
    const [decision] = await app.plans.decisions('prometheus-rollout', 1);
    expect(decision?.to).toBe('completed');
    expect(decision?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'gate',
        name: 'evaluations-seen',
        value: 3,
        verdict: 'pass',
      }),
    );
  }, 40_000);

  async function queryNow(promql: string): Promise<string | undefined> {
    const response = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
    );
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    return body.data.result[0]?.value[1];
  }
});

function scrapeConfig(target: string, dir: string): string {
  return `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ramp
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: ${join(dir, 'token')}
    static_configs:
      - targets: ['${target}']
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
