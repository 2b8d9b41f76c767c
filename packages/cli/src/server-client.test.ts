import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkReason } from './server-client.js';
import { runCli } from './test-support/run-cli.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './test-support/test-server.js';

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('choosing the server', () => {
  it('needs RAMP_URL or --url (exit 2)', async () => {
    const result = await runCli(['flags', 'list'], { env: { RAMP_TOKEN: ADMIN_TOKEN } });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: no server: set RAMP_URL or pass --url\n',
    });
  });

  it('needs RAMP_TOKEN or --token (exit 2)', async () => {
    const result = await runCli(['audit'], { env: { RAMP_URL: server.url, RAMP_TOKEN: ' ' } });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ramp: no token: set RAMP_TOKEN or pass --token\n',
    });
  });

  it('refuses an address that is not an http(s) URL (exit 2)', async () => {
    const result = await runCli(['flags', 'list', '--url', 'ftp://x'], { env: server.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ramp: --url: expected an http(s) URL like http://127.0.0.1:4242, got "ftp://x"\n',
    );
  });

  it('lets --url and --token win over the env vars', async () => {
    const env = { RAMP_URL: 'http://127.0.0.1:1', RAMP_TOKEN: 'wrong' };
    const argv = ['flags', 'list', '--url', `${server.url}/`, '--token', ADMIN_TOKEN, '--json'];
    const result = await runCli(argv, { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('flags');
  });

  it('says which server cannot be reached and why (exit 1)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(['flags', 'list'], {
      env: { RAMP_URL: url, RAMP_TOKEN: ADMIN_TOKEN },
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `ramp: cannot reach ${url}: connect ECONNREFUSED ${url.slice('http://'.length)}\n`,
    });
  });

  it('names the deepest cause of a network failure', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND ramp.invalid'), {
      code: 'ENOTFOUND',
    });
    expect(networkReason(new TypeError('fetch failed', { cause }))).toBe(
      'getaddrinfo ENOTFOUND ramp.invalid',
    );
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    expect(networkReason(timeout)).toBe('no answer within 30 s');
    const empty = new AggregateError([new Error('connect ECONNREFUSED ::1:4242')], '');
    expect(networkReason(new TypeError('fetch failed', { cause: empty }))).toBe(
      'connect ECONNREFUSED ::1:4242',
    );
  });
});

/** Every command that talks to a server, as typed after `ramp`. */
const serverCommands = [
  'status',
  'flags list',
  'flags get',
  'flags create',
  'flags set',
  'flags enable',
  'flags disable',
  'flags rollback',
  'flags stale',
  'kill-all',
  'audit',
  'token create',
  'token list',
  'token revoke',
];

describe('server command help', () => {
  it('lists the server commands in `ramp --help`', async () => {
    const result = await runCli(['--help']);
    for (const name of ['flags', 'kill-all', 'audit', 'token']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b.*\\S`, 'm'));
      expect(result.stdout).toContain(`  $ ramp ${name}`);
    }
  });

  it.each(serverCommands)(
    '`ramp %s --help` has a description, examples and the options',
    async (name) => {
      const result = await runCli([...name.split(' '), '--help']);
      expect(result.code).toBe(0);
      const [usage, , description] = result.stdout.split('\n');
      expect(usage).toMatch(new RegExp(`^Usage: ramp ${name}\\b`));
      expect(description).toMatch(/\S/);
      expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n  \\$ ramp ${name}\\b`));
      for (const option of ['--url <url>', '--token <token>', '--json']) {
        expect(result.stdout).toContain(option);
      }
    },
  );

  it.each(['flags', 'token'])(
    '`ramp %s` without a subcommand shows its help (exit 2)',
    async (name) => {
      const result = await runCli([name]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Usage: ramp ${name}`);
    },
  );
});
