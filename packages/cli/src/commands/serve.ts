import { startServer, type RunningServer } from '@ramp/server';
import type { Command } from 'commander';
import { parsePort } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { addExamples } from '../output/help.js';

interface RawOptions {
  readonly port?: string;
  readonly host?: string;
  readonly data?: string;
}

/** What `ramp serve` says once the server listens. */
export function formatStarted(server: RunningServer, storage: string): string {
  const lines = [
    `Ramp control plane listening on ${server.url} (${storage})`,
    `Dashboard: ${server.url}/`,
  ];
  if (server.adminToken !== undefined) {
    lines.push(
      '',
      'Admin token (shown once; keep it somewhere safe):',
      `  ${server.adminToken}`,
      `  export RAMP_URL=${server.url} RAMP_TOKEN=${server.adminToken}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function run(context: CommandContext, raw: RawOptions): Promise<void> {
  const port = raw.port === undefined ? undefined : parsePort(raw.port);
  const databaseUrl = context.io.env.DATABASE_URL;
  const dataDir = raw.data ?? context.io.env.RAMP_DATA_DIR ?? '.ramp';
  const server = await startServer({
    port,
    host: raw.host,
    dataDir,
    env: context.io.env,
    // Warnings and errors only, unless RAMP_LOG_LEVEL asks for more (or less).
    logger: context.io.env.RAMP_LOG_LEVEL === undefined ? 'warn' : true,
  });
  const storage = databaseUrl === undefined ? `SQLite: ${dataDir}/ramp.db` : 'PostgreSQL';
  context.io.stdout.write(formatStarted(server, storage));
  await new Promise<void>((resolve) => {
    const stop = () => {
      context.io.stderr.write('ramp: shutting down\n');
      void server.close().then(resolve);
    };
    context.io.onSignal?.('SIGINT', stop);
    context.io.onSignal?.('SIGTERM', stop);
    if (context.io.onSignal === undefined) void server.close().then(resolve);
  });
}

const examples = [
  'ramp serve',
  'ramp serve --port 8080 --data /var/lib/ramp',
  'DATABASE_URL=postgres://ramp@db/ramp ramp serve --host 0.0.0.0',
];

/** `ramp serve`: the control plane (API, SSE push, dashboard) on SQLite or PostgreSQL. */
export function registerServe(program: Command, context: CommandContext): Command {
  const command = program
    .command('serve')
    .description('Run the control plane: API, live push to SDKs, audit log and dashboard')
    .option('--port <port>', 'port to listen on (default RAMP_PORT, else 4242; 0 picks one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option(
      '--data <dir>',
      'folder for the SQLite database (default ./.ramp); DATABASE_URL uses PostgreSQL',
    )
    .action((raw: RawOptions) => run(context, raw));
  return addExamples(command, examples);
}

export const serveCommand: CliCommand = { register: registerServe, examples };
