import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FeatureFlags } from '@ramp/sdk';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, tempDir } from '../test-support/run-cli.js';
import { serveOn } from '../test-support/test-server.js';
import { askYesNo } from './restore/ask-yes-no.js';

const quiet = { warn: () => undefined };

/** Resolves once `check` holds; fails after `timeoutMs`. */
async function within(timeoutMs: number, check: () => boolean): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A stopped server's data dir holding one flag, and a backup of it in another folder. */
async function storeWithBackup() {
  const dataDir = tempDir();
  const server = await serveOn(dataDir);
  await server.admin.createFlag({ key: 'checkout', enabled: true, percentage: 10 });
  const backup = join(tempDir(), 'backup.db');
  expect((await runCli(['backup', backup, '--data', dataDir])).code).toBe(0);
  await server.close();
  return { dataDir, backup };
}

/** The data dir's files and the live database's bytes, to show a refusal changed nothing. */
function contentsOf(dataDir: string) {
  return { files: readdirSync(dataDir).sort(), database: readFileSync(join(dataDir, 'ramp.db')) };
}

describe('ramp restore', () => {
  it('brings a connected SDK back to the backup and on to later changes, without a restart', async () => {
    const dataDir = tempDir();
    const first = await serveOn(dataDir);
    await first.admin.createFlag({ key: 'checkout', enabled: true, percentage: 10 });
    const { token } = await first.admin.createToken({ name: 'app', scope: 'sdk' });
    const backup = join(tempDir(), 'backup.db');
    expect((await runCli(['backup', backup, '--data', dataDir])).code).toBe(0);

    const sdk = new FeatureFlags({
      url: first.url,
      token,
      file: false,
      env: {},
      logger: quiet,
      reconnect: { baseDelayMs: 50, maxDelayMs: 200 },
      // No polling in this test: the stream alone must bring the restored flags.
      pollIntervalMs: 600_000,
    });
    onTestFinished(() => sdk.close());
    expect(await sdk.ready()).toMatchObject({ source: 'remote' });
    for (const percentage of [50, 80]) {
      const { version } = await first.admin.getFlag('checkout');
      await first.admin.updateFlag('checkout', { percentage, version });
    }
    await within(5_000, () => sdk.getRolloutPercentage('checkout') === 80);
    const { revision: lost } = await first.admin.listFlags();
    await first.close();

    const restored = await runCli(
      ['restore', backup, '--data', dataDir, '--yes', '--actor', 'carol'],
      { now: () => Date.parse('2026-05-01T10:15:00Z') },
    );
    const replaced = join(dataDir, 'replaced-2026-05-01T10-15-00-000Z');
    expect(restored).toEqual({
      code: 0,
      stdout:
        `Restored ${backup} into ${dataDir}/ramp.db: revision ${lost} → ${lost + 1} ` +
        `(the backup was at 1); the replaced files are in ${replaced}\n`,
      stderr: '',
    });
    expect(readdirSync(dataDir).sort()).toEqual(['ramp.db', 'replaced-2026-05-01T10-15-00-000Z']);
    expect(readdirSync(replaced)).toContain('ramp.db');

    // The same SDK, never restarted, follows the restored store on the same address.
    const second = await serveOn(dataDir, { port: Number(new URL(first.url).port) });
    await within(5_000, () => sdk.getRolloutPercentage('checkout') === 10);
    const { version } = await second.admin.getFlag('checkout');
    await second.admin.updateFlag('checkout', { percentage: 30, version });
    await within(5_000, () => sdk.getRolloutPercentage('checkout') === 30);

    const { events } = await second.admin.audit({ limit: 2 });
    expect(events[1]).toMatchObject({
      at: '2026-05-01T10:15:00.000Z',
      actor: 'carol',
      action: 'store.restore',
      flag: null,
      before: { revision: lost },
      after: { revision: lost + 1 },
      reason: `restored ${backup} (backup at revision 1, replaced database at revision ${lost})`,
    });
    // The backup itself is never changed.
    const copy = new SqliteDatabase(backup, { readonly: true });
    onTestFinished(() => {
      copy.close();
    });
    expect(copy.prepare('select revision from feed_revision').get()).toEqual({ revision: 1 });
  });

  it('refuses without --yes when there is no terminal to ask on', async () => {
    const { dataDir, backup } = await storeWithBackup();
    const before = contentsOf(dataDir);
    const result = await runCli(['restore', backup, '--data', dataDir]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ramp: not replacing ${dataDir}/ramp.db without --yes (no terminal to ask on)\n`,
    });
    expect(contentsOf(dataDir)).toEqual(before);
  });

  it('refuses a file that is not a Ramp database, changing nothing', async () => {
    const { dataDir } = await storeWithBackup();
    const before = contentsOf(dataDir);
    const folder = tempDir();
    const text = join(folder, 'notes.db');
    writeFileSync(text, 'not a database');
    const other = join(folder, 'other.db');
    new SqliteDatabase(other).exec('create table notes (text)').close();

    const notSqlite = await runCli(['restore', text, '--data', dataDir, '--yes']);
    expect(notSqlite).toEqual({
      code: 1,
      stdout: '',
      stderr: `ramp: ${text} is not a Ramp database (file is not a database)\n`,
    });
    const notRamp = await runCli(['restore', other, '--data', dataDir, '--yes']);
    expect(notRamp.stderr).toBe(
      `ramp: ${other} is not a Ramp database (no such table: feed_revision)\n`,
    );
    expect(contentsOf(dataDir)).toEqual(before);
  });

  it('refuses while the server runs on the database, which keeps serving', async () => {
    const { dataDir, backup } = await storeWithBackup();
    const server = await serveOn(dataDir);
    const before = readdirSync(dataDir).sort();
    const result = await runCli(['restore', backup, '--data', dataDir, '--yes']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `ramp: ${dataDir}/ramp.db is in use: stop ramp serve before restoring\n`,
    });
    expect(readdirSync(dataDir).sort()).toEqual(before);
    const { version } = await server.admin.getFlag('checkout');
    await server.admin.updateFlag('checkout', { percentage: 20, version });
  });

  it('leaves the live files as they were when a step before the last rename fails', async () => {
    const { dataDir, backup } = await storeWithBackup();
    const now = () => Date.parse('2026-05-01T10:15:00Z');
    expect((await runCli(['restore', backup, '--data', dataDir, '--yes'], { now })).code).toBe(0);
    const before = contentsOf(dataDir);
    // The same second: the folder for the replaced files exists, and is never written into.
    const again = await runCli(['restore', backup, '--data', dataDir, '--yes'], { now });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ramp: EEXIST: file already exists, mkdir '.*replaced-.*'\n$/);
    expect(contentsOf(dataDir)).toEqual(before);
  });

  it('restores into a data directory without a database, at the backup revision + 1', async () => {
    const { backup } = await storeWithBackup();
    const empty = tempDir();
    const result = await runCli(['restore', backup, '--data', empty, '--yes', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      backup,
      database: join(empty, 'ramp.db'),
      backupRevision: 1,
      flags: 1,
      replacedRevision: null,
      revision: 2,
      replacedFolder: null,
      replacedFiles: [],
    });
    expect(readdirSync(empty)).toEqual(['ramp.db']);
  });

  it('restores a copy written by sqlite3 .backup, leaving its folder as it was', async () => {
    const { dataDir } = await storeWithBackup();
    const folder = tempDir();
    const copy = join(folder, 'sqlite3.db');
    const live = new SqliteDatabase(join(dataDir, 'ramp.db'));
    await live.backup(copy);
    live.close();
    // Marked WAL like the database it came from: reading it makes SQLite create a -wal and -shm.
    expect(readFileSync(copy)[18]).toBe(2);
    const result = await runCli(['restore', copy, '--data', tempDir(), '--yes']);
    expect(result.code).toBe(0);
    expect(readdirSync(folder)).toEqual(['sqlite3.db']);
  });

  it('refuses with DATABASE_URL set and points to the PostgreSQL procedure', async () => {
    const result = await runCli(['restore', 'ramp.dump', '--yes'], {
      env: { DATABASE_URL: 'postgres://ramp@db/ramp' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ramp: DATABASE_URL is set: .*pg_restore.*OPERATIONS\.md.*\n$/);
  });

  it('says in its help that the server must be stopped', async () => {
    const { stdout } = await runCli(['restore', '--help']);
    expect(stdout).toContain('ramp serve must be stopped');
    expect(stdout).toContain('  $ ramp restore /backups/ramp-2026-05-01.db --data /var/lib/ramp');
  });
});

describe('askYesNo', () => {
  async function answer(input: string | undefined): Promise<{ yes: boolean; asked: string }> {
    const stream = new PassThrough();
    let asked = '';
    const pending = askYesNo('Replace? [y/N] ', {
      input: stream,
      output: { write: (text: string) => (asked += text) },
    });
    stream.end(input);
    return { yes: await pending, asked };
  }

  it('is yes only for y or yes, and no when the input ends unanswered', async () => {
    expect(await answer('y\n')).toEqual({ yes: true, asked: 'Replace? [y/N] ' });
    expect((await answer(' YES \n')).yes).toBe(true);
    expect((await answer('n\n')).yes).toBe(false);
    expect((await answer('\n')).yes).toBe(false);
    expect((await answer('yep\n')).yes).toBe(false);
    expect((await answer(undefined)).yes).toBe(false);
  });
});
