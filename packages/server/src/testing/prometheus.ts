import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's package (CI installs it); PROMETHEUS_BIN points elsewhere. */
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export interface TestPrometheus {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Whether the process is still running, and what it printed (for failure messages). */
  running(): boolean;
  output(): string;
  /** An instant query's result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port that scrapes one Ramp server's `/metrics` every
 * second as job `ramp`, with `token` as its bearer token (as docs/interfaces.md configures it).
 * Its config and data live in a temporary folder removed by `stop()`.
 */
export async function startPrometheus(options: {
  target: string;
  token: string;
  /** Listen here (when the server must know the address first); a free port otherwise. */
  port?: number;
}): Promise<TestPrometheus> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(
      `${PROMETHEUS} is missing: apt-get install -y prometheus (or set PROMETHEUS_BIN)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ramp-prometheus-'));
  writeFileSync(join(dir, 'token'), options.token);
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(options.target, join(dir, 'token')));
  const port = options.port ?? (await freePort());
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    running: () => child.exitCode === null,
    output: () => output,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as {
        status: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
      return body.data.result;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function scrapeConfig(target: string, tokenFile: string): string {
  return `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ramp
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: ${tokenFile}
    static_configs:
      - targets: ['${target}']
`;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
