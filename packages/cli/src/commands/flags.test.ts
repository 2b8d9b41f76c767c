import { ApiError } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ramp = (argv: readonly string[], env: Record<string, string> = server.env) =>
  runCli(argv, { env });

describe('ramp flags create, list, get', () => {
  it('creates a flag with every option and lists it', async () => {
    await server.admin.createFlag({ key: 'payments_v2', enabled: true });
    const created = await ramp([
      'flags',
      'create',
      'checkout_v2',
      '--enabled',
      '--percentage',
      '5',
      '--description',
      'New checkout',
      '--bucket-by',
      'checkout',
      '--requires',
      'payments_v2, ',
      '--owner',
      'team-pay',
    ]);
    expect(created).toEqual({
      code: 0,
      stdout: 'Created checkout_v2: 5% (version 1)\n',
      stderr: '',
    });
    expect(await server.admin.getFlag('checkout_v2')).toMatchObject({
      enabled: true,
      percentage: 5,
      description: 'New checkout',
      bucketBy: 'checkout',
      requires: ['payments_v2'],
      owner: 'team-pay',
    });

    const list = await ramp(['flags', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toMatch(/^FLAG\s+ENABLED\s+PERCENTAGE\s+VERSION\s+LAST CHANGE\s+OWNER$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^checkout_v2\s+yes\s+5%\s+1\s+\S+Z\s+team-pay$/),
    );

    const json = await ramp(['flags', 'list', '--json']);
    const reply = await server.admin.listFlags();
    expect(JSON.parse(json.stdout)).toEqual(reply);
  });

  it('creates a flag off at 0% by default', async () => {
    const result = await ramp(['flags', 'create', 'quiet', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      key: 'quiet',
      enabled: false,
      percentage: 0,
    });
  });

  it('refuses a bad percentage with exit 2 before sending anything', async () => {
    const result = await ramp(['flags', 'create', 'x', '--percentage', '150']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ramp: --percentage: expected a percentage from 0 to 100, got "150"\n',
    );
  });

  it('reports the server’s refusal as `ramp: <message> (<code>)`, exit 1', async () => {
    await server.admin.createFlag({ key: 'taken' });
    const result = await ramp(['flags', 'create', 'taken']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ramp: flag "taken" already exists (CONFLICT)\n',
    });
    const missing = await ramp(['flags', 'get', 'nope']);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'ramp: no flag "nope" (NOT_FOUND)\n' });
  });

  it('shows one flag with its rollback history', async () => {
    await server.admin.createFlag({ key: 'shown', enabled: true, percentage: 40, owner: 'ana' });
    await server.admin.rollbackFlag('shown', { reason: 'p99 up', to: 10 });
    const result = await ramp(['flags', 'get', 'shown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Flag: +shown$/m);
    expect(result.stdout).toMatch(/^Serving: +10%$/m);
    expect(result.stdout).toMatch(/^Owner: +ana$/m);
    expect(result.stdout).toMatch(/^Version: +2$/m);
    expect(result.stdout).toMatch(
      /\nRollbacks:\nTIME +ACTOR +FROM +TO +REASON\n\S+Z +admin +40% +10% +p99 up\n$/,
    );

    const json = await ramp(['flags', 'get', 'shown', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(await server.admin.getFlag('shown'));
  });
});

describe('ramp flags set, enable, disable', () => {
  it('sets the percentage based on the version it read, with the reason in the audit log', async () => {
    await server.admin.createFlag({ key: 'ramping', enabled: true, percentage: 10 });
    const result = await ramp(['flags', 'set', 'ramping', '25', '--reason', 'error rate flat']);
    expect(result).toEqual({ code: 0, stdout: 'ramping: 10% → 25% (version 2)\n', stderr: '' });
    const [event] = (await server.admin.audit({ flag: 'ramping', limit: 1 })).events;
    expect(event).toMatchObject({ action: 'flag.update', reason: 'error rate flat' });

    const again = await ramp(['flags', 'set', 'ramping', '25']);
    expect(again.stdout).toBe('ramping: already 25% (version 2); nothing changed\n');
  });

  it('disables and enables, keeping the percentage', async () => {
    await server.admin.createFlag({ key: 'switch', enabled: true, percentage: 30 });
    const off = await ramp(['flags', 'disable', 'switch', '--reason', 'p99 up']);
    expect(off.stdout).toBe('switch: 30% → off (set to 30%) (version 2)\n');
    const set = await ramp(['flags', 'set', 'switch', '40']);
    expect(set.stdout).toBe(
      'switch: off (set to 30%) → off (set to 40%) (version 3)\n' +
        'switch is disabled: sessions get it after `ramp flags enable switch`\n',
    );
    const on = await ramp(['flags', 'enable', 'switch', '--json']);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ enabled: true, percentage: 40, version: 4 });
  });

  it('writes nothing and says so when the flag changes between its read and its write', async () => {
    await server.admin.createFlag({ key: 'raced', enabled: true, percentage: 10 });
    // Someone else's change lands just before the CLI's PATCH reaches the server.
    const racingFetch: typeof fetch = async (input, init) => {
      if (init?.method === 'PATCH') {
        const current = await server.admin.getFlag('raced');
        await server.admin.updateFlag('raced', { percentage: 50, version: current.version });
      }
      return fetch(input, init);
    };
    const result = await runCli(['flags', 'set', 'raced', '25'], {
      env: server.env,
      fetch: racingFetch,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ramp: flag "raced" was changed by someone else after this command read it (at version 1); ' +
        'nothing was written. Re-run the command to apply it to the new version (CONFLICT)\n',
    });
    expect(await server.admin.getFlag('raced')).toMatchObject({ percentage: 50, version: 2 });
  });

  it('the server refuses a write based on a stale version with 409', async () => {
    await server.admin.createFlag({ key: 'stale_write', enabled: true, percentage: 10 });
    await server.admin.updateFlag('stale_write', { percentage: 20, version: 1 });
    const write = server.admin.updateFlag('stale_write', { percentage: 30, version: 1 });
    await expect(write).rejects.toBeInstanceOf(ApiError);
    await expect(write).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('refuses a read token with the server’s 403 message', async () => {
    await server.admin.createFlag({ key: 'guarded', enabled: true, percentage: 10 });
    const { token } = await server.admin.createToken({ name: 'viewer', scope: 'read' });
    const result = await ramp(['flags', 'set', 'guarded', '20'], {
      RAMP_URL: server.url,
      RAMP_TOKEN: token,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ramp: a read token cannot do this; it needs admin (FORBIDDEN)\n',
    });
  });

  it('refuses an archived flag before writing', async () => {
    await server.admin.createFlag({ key: 'old' });
    await server.admin.archiveFlag('old');
    const result = await ramp(['flags', 'enable', 'old']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ramp: flag "old" is archived; it cannot be changed\n');
  });

  it('refuses a bad percentage or a blank reason with exit 2', async () => {
    expect((await ramp(['flags', 'set', 'x', 'lots'])).stderr).toBe(
      'ramp: PERCENT: expected a percentage from 0 to 100 with at most two decimals, got "lots"\n',
    );
    const blank = await ramp(['flags', 'disable', 'x', '--reason', ' ']);
    expect(blank).toEqual({ code: 2, stdout: '', stderr: 'ramp: --reason must not be blank\n' });
  });
});

describe('ramp flags rollback', () => {
  it('turns the flag off without --to and records the reason', async () => {
    await server.admin.createFlag({ key: 'broken', enabled: true, percentage: 25 });
    const result = await ramp(['flags', 'rollback', 'broken', '--reason', 'error rate 3x']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Rolled back broken: 25% → off (version 2)\nReason: error rate 3x\n',
      stderr: '',
    });
    expect(await server.admin.getFlag('broken')).toMatchObject({ enabled: false, percentage: 0 });
  });

  it('rolls back to a lower percentage with --to', async () => {
    await server.admin.createFlag({ key: 'slower', enabled: true, percentage: 50 });
    const result = await ramp(['flags', 'rollback', 'slower', '--to', '5', '--reason', 'p99']);
    expect(result.stdout).toBe('Rolled back slower: 50% → 5% (version 2)\nReason: p99\n');
    const flag = await server.admin.getFlag('slower');
    expect(flag).toMatchObject({ enabled: true, percentage: 5 });
    expect(flag.rollbackHistory).toMatchObject([
      { from: 50, to: 5, reason: 'p99', actor: 'admin' },
    ]);
  });

  it('refuses a blank or missing reason with exit 2 before any request', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const blank = await runCli(['flags', 'rollback', 'broken', '--reason', '  '], {
      env: server.env,
      fetch: counting,
    });
    expect(blank).toEqual({ code: 2, stdout: '', stderr: 'ramp: --reason must not be blank\n' });
    const missing = await runCli(['flags', 'rollback', 'broken'], {
      env: server.env,
      fetch: counting,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("ramp: required option '--reason <text>' not specified\n");
    expect(requests).toBe(0);
  });

  it('never prints the token, whatever fails', async () => {
    const results = await Promise.all([
      ramp(['flags', 'get', 'nope']),
      ramp(['flags', 'rollback', 'nope', '--reason', 'x']),
      ramp(['flags', 'list'], { RAMP_URL: server.url, RAMP_TOKEN: `${ADMIN_TOKEN}x` }),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toContain(ADMIN_TOKEN);
    }
    expect(results[2]?.stderr).toBe('ramp: invalid or revoked token (UNAUTHORIZED)\n');
  });
});
