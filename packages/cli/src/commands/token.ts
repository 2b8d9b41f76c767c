import { Scope, type CreatedToken, type TokenInfo } from '@ramp/api';
import type { Command } from 'commander';
import { parseChoice } from '../arguments.js';
import type { CliCommand, CommandContext } from '../context.js';
import { formatTime } from '../output/format.js';
import { addExamples } from '../output/help.js';
import { writeJson } from '../output/json.js';
import { renderTable, type Column } from '../output/table.js';
import { addServerOptions, connectToServer, type ServerCommandOptions } from '../server-client.js';

const SHOWN_ONCE = 'the token is shown only this once; store it now (it cannot be read again)';

interface CreateOptions extends ServerCommandOptions {
  readonly name: string;
  readonly scope: string;
}

/** The new token for people: its details, then the secret under a shown-once warning. */
export function formatCreatedToken(created: CreatedToken): string {
  const { info } = created;
  return (
    `Created ${info.scope} token "${info.name}" (id ${info.id})\n` +
    `Warning: ${SHOWN_ONCE}:\n` +
    `  ${created.token}\n`
  );
}

async function create(context: CommandContext, raw: CreateOptions): Promise<void> {
  const scope = parseChoice(raw.scope, '--scope', Object.values(Scope));
  const { client } = connectToServer(context, raw);
  const created = await client.createToken({ name: raw.name, scope });
  if (raw.json === true) {
    context.io.stderr.write(`ramp: warning: ${SHOWN_ONCE}\n`);
    writeJson(context.io.stdout, created);
  } else {
    context.io.stdout.write(formatCreatedToken(created));
  }
}

const columns: readonly Column[] = [
  { header: 'ID' },
  { header: 'NAME' },
  { header: 'SCOPE' },
  { header: 'CREATED' },
  { header: 'LAST USED' },
  { header: 'REVOKED' },
];

/** Tokens as a table. There are no secrets to show: the server keeps only their hashes. */
export function formatTokenTable(tokens: readonly TokenInfo[]): string {
  const time = (iso: string | null) => (iso === null ? '-' : formatTime(iso));
  const rows = tokens.map((t) => [
    t.id,
    t.name,
    t.scope,
    formatTime(t.createdAt),
    time(t.lastUsedAt),
    time(t.revokedAt),
  ]);
  return renderTable(columns, rows);
}

async function list(context: CommandContext, raw: ServerCommandOptions): Promise<void> {
  const { client } = connectToServer(context, raw);
  const tokens = await client.listTokens();
  if (raw.json === true) writeJson(context.io.stdout, tokens);
  else context.io.stdout.write(formatTokenTable(tokens.tokens));
}

async function revoke(context: CommandContext, id: string, raw: ServerCommandOptions) {
  const { client } = connectToServer(context, raw);
  const info = await client.revokeToken(id);
  if (raw.json === true) writeJson(context.io.stdout, info);
  else context.io.stdout.write(`Revoked ${info.scope} token "${info.name}" (id ${info.id})\n`);
}

const createExamples = [
  'ramp token create --name ci-deploy --scope admin',
  'ramp token create --name web-app --scope sdk --json',
];
const listExamples = ['ramp token list', 'ramp token list --json'];
const revokeExamples = ['ramp token revoke 3f0c9a8e-5d7b-4c1e-9a51-0b6f2d7e8c41'];
const examples = [createExamples[0] ?? '', listExamples[0] ?? '', revokeExamples[0] ?? ''];

/** `ramp token create|list|revoke`: API tokens (admin only). */
export function registerToken(program: Command, context: CommandContext): Command {
  const token = program
    .command('token')
    .description('Create, list and revoke API tokens (needs an admin token)');

  const createCommand = token
    .command('create')
    .description('Create a token; its secret is printed once and never again')
    .requiredOption('--name <name>', 'who or what uses it (shown as the actor in the audit log)')
    .requiredOption('--scope <scope>', 'admin (change anything), sdk (apps) or read (dashboards)');
  addServerOptions(createCommand, 'print { token, info } as JSON');
  createCommand.action((raw: CreateOptions) => create(context, raw));
  addExamples(createCommand, createExamples);

  const listCommand = token.command('list').description('List tokens (never their secrets)');
  addServerOptions(listCommand, 'print the API reply ({ tokens }) as JSON');
  listCommand.action((raw: ServerCommandOptions) => list(context, raw));
  addExamples(listCommand, listExamples);

  const revokeCommand = token
    .command('revoke')
    .description('Revoke a token: it stops working at once')
    .argument('<id>', 'token id (see `ramp token list`)');
  addServerOptions(revokeCommand, 'print the revoked token as JSON');
  revokeCommand.action((id: string, raw: ServerCommandOptions) => revoke(context, id, raw));
  addExamples(revokeCommand, revokeExamples);

  return addExamples(token, examples);
}

export const tokenCommand: CliCommand = { register: registerToken, examples };
