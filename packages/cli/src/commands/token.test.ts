import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('ramp token', () => {
  it('creates a token and prints its secret once, with a warning', async () => {
    const result = await runCli(['token', 'create', '--name', 'dash', '--scope', 'read'], {
      env: server.env,
    });
    expect(result.code).toBe(0);
    const [created, warning, secret] = result.stdout.split('\n');
    expect(created).toMatch(/^Created read token "dash" \(id [\w-]+\)$/);
    expect(warning).toBe(
      'Warning: the token is shown only this once; store it now (it cannot be read again):',
    );
    const token = secret?.trim() ?? '';
    expect(token).toMatch(/^ramp_/);
    // The secret works, with the scope asked for.
    const status = await runCli(['status'], { env: { RAMP_URL: server.url, RAMP_TOKEN: token } });
    expect(status.code).toBe(0);
    const set = await runCli(['flags', 'create', 'x'], {
      env: { RAMP_URL: server.url, RAMP_TOKEN: token },
    });
    expect(set.stderr).toBe('ramp: a read token cannot do this; it needs admin (FORBIDDEN)\n');
  });

  it('prints { token, info } with --json and warns on stderr', async () => {
    const result = await runCli(['token', 'create', '--name', 'app', '--scope', 'sdk', '--json'], {
      env: server.env,
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      token: expect.stringMatching(/^ramp_/),
      info: { name: 'app', scope: 'sdk', revokedAt: null },
    });
    expect(result.stderr).toBe(
      'ramp: warning: the token is shown only this once; store it now (it cannot be read again)\n',
    );
  });

  it('lists tokens without any secret, and revokes one', async () => {
    const { token, info } = await server.admin.createToken({ name: 'ci', scope: 'admin' });
    const list = await runCli(['token', 'list'], { env: server.env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID +NAME +SCOPE +CREATED +LAST USED +REVOKED$/m);
    expect(list.stdout).toMatch(new RegExp(`^${info.id} +ci +admin +\\S+Z +- +-$`, 'm'));
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(ADMIN_TOKEN);
    const json = await runCli(['token', 'list', '--json'], { env: server.env });
    expect(JSON.parse(json.stdout)).toEqual(await server.admin.listTokens());
    expect(json.stdout).not.toContain(token);

    const revoked = await runCli(['token', 'revoke', info.id], { env: server.env });
    expect(revoked).toEqual({
      code: 0,
      stdout: `Revoked admin token "ci" (id ${info.id})\n`,
      stderr: '',
    });
    const after = await runCli(['flags', 'list'], {
      env: { RAMP_URL: server.url, RAMP_TOKEN: token },
    });
    expect(after.stderr).toBe('ramp: invalid or revoked token (UNAUTHORIZED)\n');
  });

  it('refuses an unknown scope with exit 2 and an unknown id with the server’s message', async () => {
    const scope = await runCli(['token', 'create', '--name', 'x', '--scope', 'root'], {
      env: server.env,
    });
    expect(scope).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: --scope must be one of admin, sdk, read, got "root"\n',
    });
    const unknown = await runCli(['token', 'revoke', 'nope'], { env: server.env });
    expect(unknown.stderr).toBe('ramp: no token with id "nope" (NOT_FOUND)\n');
  });
});
