import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, Flag, RampClient } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';
import { serveOn } from '../test-support/test-server.js';
import { formatBytes } from './backup.js';

/**
 * Writers that create flags one after another (`live_<writer>_<n>`) until stopped, each
 * recording the flags the server acknowledged, in order.
 */
function startWriters(admin: RampClient, count: number) {
  let stopped = false;
  const acknowledged: Flag[][] = Array.from({ length: count }, () => []);
  const loops = acknowledged.map(async (done, writer) => {
    for (let n = 0; !stopped; n += 1) {
      const key = `live_${writer}_${n}`;
      done.push(await admin.createFlag({ key, enabled: true, percentage: n % 101 }));
    }
  });
  return {
    acknowledged,
    total: () => acknowledged.reduce((sum, done) => sum + done.length, 0),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Resolves once `condition` holds, checking between turns of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The audit log, oldest first (a test store stays under the API's 1000-event page). */
async function auditLog(client: RampClient): Promise<AuditEvent[]> {
  const { events } = await client.audit({ limit: 1000 });
  expect(events.length).toBeLessThan(1000);
  return events.reverse();
}

/** About 300 pages of flags, their audit events and change log, and every kind of change. */
async function seed(admin: RampClient): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const body = { description: `seed ${i} `.padEnd(2000, '.'), percentage: i % 101 };
    await admin.createFlag({ key: `seed_${i}`, enabled: i % 3 !== 0, ...body });
  }
  await admin.updateFlag('seed_1', { percentage: 50, version: 1, reason: 'phase 2' });
  await admin.rollbackFlag('seed_2', { reason: 'p95 above 500 ms', to: 1 });
  await admin.rollbackFlag('seed_4', { reason: 'errors' });
  await admin.killAll('incident 4211');
  await admin.undoKillAll('incident 4211 resolved');
  await admin.createToken({ name: 'web-app', scope: 'sdk' });
}

describe('ramp backup', () => {
  it('copies the store while the server writes; a server on the copy has every acknowledged change', async () => {
    const dataDir = tempDir();
    const { admin } = await serveOn(dataDir);
    await seed(admin);
    const writers = startWriters(admin, 4);
    await until(() => writers.total() >= 20);

    // Everything committed before the backup starts.
    const before = await admin.listFlags();
    const auditBefore = await auditLog(admin);
    const tokensBefore = await admin.listTokens();
    const startedWith = writers.total();

    const restoredDir = tempDir();
    let time = 0;
    const result = await runCli(['backup', join(restoredDir, 'ramp.db'), '--data', dataDir], {
      isTTY: true,
      // Every progress update is drawn: the clock jumps a second between two reads.
      now: () => (time += 1000),
    });
    const writtenMeanwhile = writers.total() - startedWith;
    await writers.stop();

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Backed up to ${restoredDir}/ramp\\.db: [\\d.]+ [KM]B, revision \\d+, \\d+ flags\\n$`,
      ),
    );
    // The server kept acknowledging writes while the backup ran, and the bar was drawn.
    expect(writtenMeanwhile).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/\r\[#*\.*\] +\d+% \d+\/\d+/);
    // Only the backup is left in its folder: no temporary file.
    expect(readdirSync(restoredDir)).toEqual(['ramp.db']);

    // A fresh server on the copy, with no admin token configured: the copy's tokens work.
    const { admin: restored } = await serveOn(restoredDir, { adminToken: false });
    const after = await restored.listFlags();
    const afterByKey = new Map(after.flags.map((flag) => [flag.key, flag]));
    for (const flag of before.flags) expect(afterByKey.get(flag.key)).toEqual(flag);
    expect(after.revision).toBeGreaterThanOrEqual(before.revision);
    expect(await restored.listTokens()).toEqual(tokensBefore);
    expect(await restored.snapshot()).toMatchObject({ snapshot: { killAll: { active: false } } });

    // Each writer's flags in the copy are exactly its first n acknowledged ones: a prefix of
    // what it wrote, with their values, and nothing half-applied.
    for (const done of writers.acknowledged) {
      const copied = done.filter((flag) => afterByKey.has(flag.key));
      expect(copied).toEqual(done.slice(0, copied.length));
      for (const flag of copied) expect(afterByKey.get(flag.key)).toEqual(flag);
    }

    // The audit log: every event committed before the backup, unchanged; then only events of
    // changes the copy holds, the newest one of each flag matching the flag.
    const audit = await auditLog(restored);
    expect(audit.slice(0, auditBefore.length)).toEqual(auditBefore);
    for (const event of audit.filter((e) => e.flag !== null)) {
      expect(afterByKey.has(event.flag ?? '')).toBe(true);
    }
    for (const flag of after.flags) {
      const newest = audit.findLast((event) => event.flag === flag.key);
      expect(newest?.after).toMatchObject({
        version: flag.version,
        enabled: flag.enabled,
        percentage: flag.percentage,
      });
    }
  });

  it('refuses to replace a file unless --force', async () => {
    const dataDir = tempDir();
    await serveOn(dataDir);
    const folder = tempDir();
    const file = join(folder, 'backup.db');
    writeFileSync(file, 'keep me');

    const refused = await runCli(['backup', file, '--data', dataDir]);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `ramp: ${file} exists; pass --force to replace it\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me');

    const forced = await runCli(['backup', file, '--force', '--json'], {
      env: { RAMP_DATA_DIR: dataDir },
    });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      source: join(dataDir, 'ramp.db'),
      path: file,
      revision: 0,
      flags: 0,
    });
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(readdirSync(folder)).toEqual(['backup.db']);
  });

  it('refuses with DATABASE_URL set and names the pg_dump command', async () => {
    const folder = tempDir();
    const result = await runCli(['backup', 'ramp.dump'], {
      cwd: folder,
      env: { DATABASE_URL: 'postgres://ramp@db/ramp' },
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ramp: DATABASE_URL is set: the data is in PostgreSQL, which ramp backup does not copy; ' +
        'back it up with: pg_dump --format=custom --file=ramp.dump "$DATABASE_URL"\n',
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a missing data directory or database, reading the default as ramp serve does', async () => {
    const cwd = tempDir();
    const missing = await runCli(['backup', 'backup.db'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `ramp: no data directory ${join(cwd, '.ramp')} (pass --data or set RAMP_DATA_DIR)\n`,
    );

    const empty = tempDir();
    const noDatabase = await runCli(['backup', 'backup.db'], {
      cwd,
      env: { RAMP_DATA_DIR: empty },
    });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toBe(
      `ramp: no Ramp database in ${empty} (ramp.db is missing; pass --data)\n`,
    );

    writeFileSync(join(empty, 'ramp.db'), 'not a database');
    const notRamp = await runCli(['backup', 'backup.db', '--data', empty], { cwd });
    expect(notRamp.code).toBe(1);
    expect(notRamp.stderr).toMatch(/^ramp: .*ramp\.db is not a Ramp database \(.+\)\n$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('shows an example in its help', async () => {
    const { stdout } = await runCli(['backup', '--help']);
    expect(stdout).toContain('  $ ramp backup /backups/ramp-$(date +%F).db');
  });
});

describe('formatBytes', () => {
  it('uses the largest unit under 1024, with one decimal', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(126_976)).toBe('124 KB');
    expect(formatBytes(1_258_291)).toBe('1.2 MB');
  });
});
