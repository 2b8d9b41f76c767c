import { rmSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../start-server.js';
import { tempDir } from '../testing/databases.js';
import { isEvent, openSse } from '../testing/sse-reader.js';
import { startTestServer } from '../testing/server.js';

describe('first start and restart', () => {
  it('creates an admin token once, on an empty store', async () => {
    const dataDir = tempDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const options = { port: 0, dataDir, logger: false, env: {} } as const;
    const first = await startServer(options);
    expect(first.adminToken).toMatch(/^ramp_[A-Za-z0-9_-]{43}$/);
    await first.close();
    const second = await startServer(options);
    expect(second.adminToken).toBeUndefined();
    const flags = await fetch(`${second.url}/api/v1/flags`, {
      headers: { authorization: `Bearer ${first.adminToken}` },
    });
    expect(flags.status).toBe(200);
    await second.close();
  });

  it('takes RAMP_ADMIN_TOKEN from the environment it is given', async () => {
    const token = 'ramp_from-the-environment-0001';
    const dataDir = tempDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServer({
      port: 0,
      dataDir,
      logger: false,
      env: { RAMP_ADMIN_TOKEN: token },
    });
    expect(server.adminToken).toBeUndefined();
    const response = await fetch(`${server.url}/api/v1/tokens`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    await server.close();
  });

  it('loses nothing acknowledged across a restart, and streams resume from Last-Event-ID', async () => {
    const before = await startTestServer();
    const writes = Array.from({ length: 20 }, (_, i) =>
      before.admin.createFlag({ key: `kept-${i}`, percentage: i }),
    );
    await Promise.all(writes);
    await before.admin.updateFlag('kept-3', { enabled: true, version: 1, reason: 'go' });
    await before.admin.rollbackFlag('kept-3', { reason: 'oops' });
    const { revision } = await before.admin.listFlags();
    await before.close({ keepData: true });

    const after = await startTestServer({ dataDir: before.dataDir });
    const list = await after.admin.listFlags();
    expect(list.revision).toBe(revision);
    expect(list.flags).toHaveLength(20);
    expect(await after.admin.getFlag('kept-3')).toMatchObject({ enabled: false, version: 3 });
    expect((await after.admin.audit({ flag: 'kept-3' })).events.map((e) => e.action)).toEqual([
      'flag.rollback',
      'flag.update',
      'flag.create',
    ]);

    const reader = await openSse(`${after.url}/api/v1/stream`, {
      authorization: `Bearer ${after.adminToken}`,
      'last-event-id': String(revision - 1),
    });
    expect((await reader.next()).id).toBe(String(revision));
    await after.admin.createFlag({ key: 'after-restart' });
    expect((await reader.next(isEvent('change'))).id).toBe(String(revision + 1));
    reader.close();
    await after.close();
    rmSync(before.dataDir, { recursive: true, force: true });
  });

  it('refuses a bad configuration with the setting named', async () => {
    await expect(startServer({ env: { RAMP_PORT: 'eighty' } })).rejects.toThrow(/^RAMP_PORT: /);
    await expect(startServer({ databaseUrl: 'mysql://x', env: {} })).rejects.toThrow(
      /^databaseUrl: /,
    );
  });
});

describe('startServer', () => {
  it('reports a port in use and releases the database', async () => {
    const first = await startTestServer();
    const port = Number(new URL(first.url).port);
    const dataDir = tempDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    await expect(startTestServer({ port, dataDir })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});
