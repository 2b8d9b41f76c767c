import { ApiError, type Flag } from '@ramp/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

/** The rejection's code and status. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('flags', () => {
  it('creates, reads, patches with a version, and refuses a stale one', async () => {
    const created = await t.admin.createFlag({
      key: 'checkout',
      enabled: true,
      percentage: 10,
      owner: 'pay',
    });
    expect(created).toMatchObject({
      key: 'checkout',
      enabled: true,
      percentage: 10,
      version: 1,
      archived: false,
    });
    expect(await t.admin.getFlag('checkout')).toEqual(created);

    expect(await failure(t.admin.updateFlag('checkout', { percentage: 20 }))).toMatchObject({
      status: 428,
      code: 'PRECONDITION_REQUIRED',
    });
    const patched = await t.admin.updateFlag('checkout', { percentage: 20, version: 1 });
    expect(patched).toMatchObject({ percentage: 20, version: 2 });
    expect(
      await failure(t.admin.updateFlag('checkout', { percentage: 30, version: 1 })),
    ).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('takes the version from If-Match too', async () => {
    await t.admin.createFlag({ key: 'if-match' });
    const response = await fetch(`${t.url}/api/v1/flags/if-match`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${t.adminToken}`,
        'content-type': 'application/json',
        'if-match': '"1"',
      },
      body: JSON.stringify({ enabled: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
  });

  it('lets exactly one of two PATCHes from the same version win', async () => {
    await t.admin.createFlag({ key: 'race' });
    const results = await Promise.allSettled([
      t.admin.updateFlag('race', { percentage: 25, version: 1 }),
      t.admin.updateFlag('race', { percentage: 75, version: 1 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const flag = await t.admin.getFlag('race');
    expect(flag.version).toBe(2);
    expect(flag.percentage).toBe((won[0] as PromiseFulfilledResult<Flag>).value.percentage);
  });

  it('names the bad field', async () => {
    const bad = await failure(t.admin.createFlag({ key: 'bad', percentage: 10.123 }));
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(bad.message).toBe(
      'percentage: expected a number from 0 to 100 with at most two decimals',
    );
    expect((await failure(t.admin.createFlag({ key: 'bad', percentage: 101 }))).message).toMatch(
      /^percentage: /,
    );
    expect((await failure(t.admin.createFlag({ key: 'has space' }))).message).toMatch(
      /^key: expected letters/,
    );
    expect(await failure(t.admin.createFlag({ key: 'checkout' }))).toMatchObject({ status: 409 });
  });

  it('checks prerequisites: they must exist and form no cycle', async () => {
    await t.admin.createFlag({ key: 'base' });
    const missing = await failure(t.admin.createFlag({ key: 'child', requires: ['nope'] }));
    expect(missing.message).toBe('requires[0]: no flag "nope"');
    const child = await t.admin.createFlag({ key: 'child', requires: ['base'], bucketBy: 'group' });
    expect(child).toMatchObject({ requires: ['base'], bucketBy: 'group' });
    const cycle = await failure(t.admin.updateFlag('base', { requires: ['child'], version: 1 }));
    expect(cycle).toMatchObject({ status: 400 });
    expect(cycle.message).toContain('cycle');
    expect(await failure(t.admin.archiveFlag('base'))).toMatchObject({ status: 409 });
  });

  it('archives: gone from the list unless asked for', async () => {
    await t.admin.createFlag({ key: 'old' });
    const archived = await t.admin.archiveFlag('old', 1);
    expect(archived).toMatchObject({ archived: true, version: 2 });
    expect((await t.admin.listFlags()).flags.map((f) => f.key)).not.toContain('old');
    expect((await t.admin.listFlags({ archived: true })).flags.map((f) => f.key)).toContain('old');
    expect(await failure(t.admin.updateFlag('old', { enabled: true, version: 2 }))).toMatchObject({
      status: 409,
    });
  });
});

describe('rollback and kill-all', () => {
  it('rolls back partially (to a lower percentage) and fully, recording both', async () => {
    await t.admin.createFlag({ key: 'risky', enabled: true, percentage: 50 });
    const partial = await t.admin.rollbackFlag('risky', { reason: 'p95 up', to: 10 });
    expect(partial).toMatchObject({ enabled: true, percentage: 10 });
    expect(await failure(t.admin.rollbackFlag('risky', { reason: 'x', to: 10 }))).toMatchObject({
      status: 400,
    });
    expect(await failure(t.admin.rollbackFlag('risky', { reason: '   ' }))).toMatchObject({
      status: 400,
    });
    const full = await t.admin.rollbackFlag('risky', { reason: 'errors' });
    expect(full).toMatchObject({ enabled: false, percentage: 0 });
    expect(full.rollbackHistory).toEqual([
      expect.objectContaining({ reason: 'p95 up', actor: 'admin', from: 50, to: 10 }),
      expect.objectContaining({ reason: 'errors', actor: 'admin', from: 10, to: 0 }),
    ]);
    const evaluation = await t.admin.evaluate({ sessionId: 's1', flags: ['risky'] });
    expect(evaluation.flags.risky).toMatchObject({ enabled: false, reason: 'ROLLED_BACK' });
  });

  it('kills every flag and undoes it, with reasons', async () => {
    await t.admin.createFlag({ key: 'everyone', enabled: true });
    expect(await failure(t.admin.killAll(' '))).toMatchObject({ status: 400 });
    expect(await t.admin.killAll('incident 7')).toMatchObject({
      active: true,
      reason: 'incident 7',
    });
    const evaluation = await t.admin.evaluate({ sessionId: 's1', flags: ['everyone'] });
    expect(evaluation.flags.everyone).toMatchObject({ enabled: false, reason: 'KILLED' });
    expect(await t.admin.getCompatFlags()).toMatchObject({ everyone: 0 });
    expect(await t.admin.undoKillAll('resolved')).toMatchObject({ active: false });
    expect(
      (await t.admin.evaluate({ sessionId: 's1', flags: ['everyone'] })).flags.everyone?.enabled,
    ).toBe(true);

    await t.admin.killAll('again');
    const response = await fetch(`${t.url}/api/v1/kill-all`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'resolved again' }),
    });
    expect(await response.json()).toMatchObject({ active: false });
    const actions = (await t.admin.audit({ limit: 4 })).events.map((e) => [e.action, e.reason]);
    expect(actions).toEqual([
      ['kill-all.off', 'resolved again'],
      ['kill-all.on', 'again'],
      ['kill-all.off', 'resolved'],
      ['kill-all.on', 'incident 7'],
    ]);
  });
});

describe('compatibility API', () => {
  it('reads and writes fractions; unknown keys create flags', async () => {
    await t.admin.createFlag({ key: 'USE_ENHANCED_INJECTION', enabled: true, percentage: 10 });
    await t.admin.createFlag({ key: 'COMPAT_OFF', percentage: 40 });
    expect(await t.admin.getCompatFlags()).toMatchObject({
      USE_ENHANCED_INJECTION: 0.1,
      COMPAT_OFF: 0,
    });
    const after = await t.admin.setCompatFlags({ USE_ENHANCED_INJECTION: 0.25, COMPAT_NEW: 0.5 });
    expect(after).toMatchObject({ USE_ENHANCED_INJECTION: 0.25, COMPAT_NEW: 0.5, COMPAT_OFF: 0 });
    expect(await t.admin.getFlag('COMPAT_NEW')).toMatchObject({ enabled: true, percentage: 50 });
  });

  it('applies nothing when any value is bad', async () => {
    const before = await t.admin.getCompatFlags();
    const revision = (await t.admin.listFlags()).revision;
    for (const body of [
      { USE_ENHANCED_INJECTION: 0.3, COMPAT_X: 1.5 },
      { USE_ENHANCED_INJECTION: 0.3, COMPAT_Y: '0.5' },
    ]) {
      const bad = await failure(t.admin.setCompatFlags(body as Record<string, number>));
      expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(bad.message).toMatch(/^COMPAT_[XY]: /);
    }
    expect(await t.admin.getCompatFlags()).toEqual(before);
    expect((await t.admin.listFlags()).revision).toBe(revision);
  });

  it('needs an admin token', async () => {
    const { token } = await t.admin.createToken({ name: 'app', scope: 'sdk' });
    expect(await failure(t.clientWith(token).getCompatFlags())).toMatchObject({ status: 403 });
    expect(await failure(t.clientWith().getCompatFlags())).toMatchObject({ status: 401 });
  });
});

describe('audit', () => {
  it('records actor, action, before, after and reason for every change', async () => {
    const { token } = await t.admin.createToken({ name: 'release-bot', scope: 'admin' });
    const bot = t.clientWith(token);
    await bot.createFlag({ key: 'audited', enabled: true, percentage: 5 });
    await bot.updateFlag('audited', { percentage: 15, version: 1, reason: 'phase 2' });
    const events = (await t.admin.audit({ flag: 'audited' })).events;
    expect(events.map((e) => e.action)).toEqual(['flag.update', 'flag.create']);
    expect(events[0]).toMatchObject({ actor: 'release-bot', flag: 'audited', reason: 'phase 2' });
    expect(events[0]!.before).toMatchObject({ percentage: 5, version: 1 });
    expect(events[0]!.after).toMatchObject({ percentage: 15, version: 2 });
    expect(events[1]).toMatchObject({ before: null, reason: null });
    expect(Date.parse(events[0]!.at)).not.toBeNaN();
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await t.admin.audit({ since: later })).events).toEqual([]);
    expect((await t.admin.audit({ limit: 1 })).events).toHaveLength(1);
  });
});

describe('tokens', () => {
  it('creates scoped tokens, lists them without secrets, and revokes them', async () => {
    const created = await t.admin.createToken({ name: 'reader', scope: 'read' });
    expect(created.token).toMatch(/^ramp_[A-Za-z0-9_-]{43}$/);
    const reader = t.clientWith(created.token);
    await reader.listFlags();
    expect(await failure(reader.createFlag({ key: 'nope' }))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    const listed = await t.admin.listTokens();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed.tokens.find((tk) => tk.id === created.info.id)).toMatchObject({
      name: 'reader',
      scope: 'read',
    });
    expect(await t.admin.revokeToken(created.info.id)).toMatchObject({
      revokedAt: expect.any(String),
    });
    expect(await failure(reader.listFlags())).toMatchObject({ status: 401 });
  });

  it('refuses to revoke the last admin token', async () => {
    const admins = (await t.admin.listTokens()).tokens.filter(
      (tk) => tk.scope === 'admin' && tk.revokedAt === null,
    );
    for (const tk of admins.slice(1)) await t.admin.revokeToken(tk.id);
    expect(await failure(t.admin.revokeToken(admins[0]!.id))).toMatchObject({ status: 409 });
  });
});

describe('evaluate', () => {
  it('decides with the SDK engine and refuses session ids over 1024 bytes', async () => {
    await t.admin.createFlag({ key: 'eval-flag', enabled: true, percentage: 100 });
    const result = await t.admin.evaluate({
      sessionId: '  user-1 ',
      flags: ['eval-flag', 'unknown'],
    });
    expect(result.sessionId).toBe('user-1');
    expect(result.flags['eval-flag']).toMatchObject({ enabled: true, reason: 'FULL_ROLLOUT' });
    expect(result.flags.unknown).toMatchObject({
      enabled: false,
      reason: 'NOT_FOUND',
      bucket: null,
    });
    await t.admin.evaluate({ sessionId: 'é'.repeat(512) });
    const tooLong = await failure(t.admin.evaluate({ sessionId: 'é'.repeat(513) }));
    expect(tooLong).toMatchObject({ status: 400 });
    expect(tooLong.message).toMatch(/^sessionId: /);
    expect((await t.admin.evaluate({ sessionId: null })).sessionId).toBe('default-session');
  });
});

describe('health', () => {
  it('answers without a token', async () => {
    const anonymous = t.clientWith();
    expect(await anonymous.health()).toEqual({ status: 'ok' });
    expect(await anonymous.deepHealth()).toEqual({
      status: 'ok',
      checks: { database: 'ok' },
      // One process on SQLite leads: it runs the plan controller.
      replica: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, role: 'leader' },
    });
  });
});
