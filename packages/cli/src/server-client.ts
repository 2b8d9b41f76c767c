import { createClient, type RampClient } from '@ramp/api';
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

/** A request with no answer after this long fails rather than hanging a script. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `--url` and `--token`, which every server command takes (they win over the env vars). */
export interface ServerOptions {
  readonly url?: string;
  readonly token?: string;
}

/** A server command's options: the server and `--json`. */
export interface ServerCommandOptions extends ServerOptions {
  readonly json?: boolean;
}

/** A client for the chosen server, and its address for messages. */
export interface ServerConnection {
  readonly url: string;
  readonly client: RampClient;
}

/** The server could not be reached at all (refused, unknown host, timeout): exit code 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** Adds `--url`, `--token` and `--json` to a server command. */
export function addServerOptions(command: Command, json = 'print the reply as JSON'): Command {
  return command
    .option('--url <url>', 'the Ramp server (default RAMP_URL)')
    .option('--token <token>', 'API token (default RAMP_TOKEN; arguments are visible in ps)')
    .option('--json', json);
}

/** Whether a server is configured (RAMP_URL or `--url`), for commands with a local mode. */
export function hasServer(context: CommandContext, options: ServerOptions): boolean {
  return options.url !== undefined || context.config.serverUrl !== undefined;
}

/**
 * A client for `--url`/RAMP_URL with `--token`/RAMP_TOKEN. Throws a {@link UsageError} (exit
 * 2) when either is missing or the address is not an http(s) URL. Failures to connect become
 * an {@link UnreachableError} naming the address; error replies reject with the API's ApiError.
 *
 * @example
 * const { client } = connectToServer(context, { url: 'http://127.0.0.1:4242' });
 * const { flags } = await client.listFlags();
 */
export function connectToServer(context: CommandContext, options: ServerOptions): ServerConnection {
  const url = serverUrl(context, options);
  const token = options.token ?? context.config.token;
  if (token === undefined || token.trim() === '') {
    throw new UsageError('no token: set RAMP_TOKEN or pass --token');
  }
  const fetch = guardedFetch(url, context.io.fetch ?? globalThis.fetch);
  return { url, client: createClient({ baseUrl: url, token: token.trim(), fetch }) };
}

function serverUrl(context: CommandContext, options: ServerOptions): string {
  const [text, source] =
    options.url === undefined ? [context.config.serverUrl, 'RAMP_URL'] : [options.url, '--url'];
  if (text === undefined) throw new UsageError('no server: set RAMP_URL or pass --url');
  let parsed: URL | undefined;
  try {
    parsed = new URL(text.trim());
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(
      `${source}: expected an http(s) URL like http://127.0.0.1:4242, got "${text}"`,
    );
  }
  return text.trim().replace(/\/+$/, '');
}

/** A fetch that times out and turns network failures into an {@link UnreachableError}. */
function guardedFetch(url: string, base: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new UnreachableError(`cannot reach ${url}: ${networkReason(error)}`);
    }
  };
}

/** Node's fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, ...) says why. */
export function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  if (current instanceof AggregateError && current.errors[0] instanceof Error) {
    current = current.errors[0];
  }
  if (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    if (current.message !== '') return current.message;
    if (typeof code === 'string') return code;
  }
  return String(current);
}
