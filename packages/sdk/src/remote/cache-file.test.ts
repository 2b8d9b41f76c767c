import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { CacheFileWriter, readCacheFile } from './cache-file.js';
import type { SnapshotPayload } from './payload.js';

const URL = 'http://ramp.test';
const snapshot = (revision: number): SnapshotPayload => ({
  revision,
  killAll: { active: false, reason: null, since: null },
  flags: [{ key: 'a', enabled: true, percentage: 25, bucketBy: null, requires: [] }],
});

let dir: string;
let warnings: string[];
const logger: Logger = { warn: (message) => warnings.push(message) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ramp-cache-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('cache file', () => {
  it('saves the newest snapshot atomically (creating the directory) and reads it back', async () => {
    const path = join(dir, 'nested', 'flags.json');
    const writer = new CacheFileWriter({ path, url: URL, logger, now: () => 0 });
    for (let revision = 1; revision <= 5; revision++) writer.save(snapshot(revision));
    await until(() => readCacheFile(path, URL, logger)?.revision === 5);
    expect(readCacheFile(path, URL, logger)).toEqual(snapshot(5));
    expect(readdirSync(join(dir, 'nested'))).toEqual(['flags.json']); // no temp file left
    expect(warnings).toEqual([]);
  });

  it('is silent when the file does not exist yet', () => {
    expect(readCacheFile(join(dir, 'missing.json'), URL, logger)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '{"format":'],
    ['another format', JSON.stringify({ format: 'x', url: URL, snapshot: snapshot(1) })],
    [
      'a malformed snapshot',
      JSON.stringify({ format: 'ramp-sdk-cache/1', url: URL, snapshot: { revision: 'x' } }),
    ],
    [
      'another control plane',
      JSON.stringify({ format: 'ramp-sdk-cache/1', url: 'http://other', snapshot: snapshot(1) }),
    ],
  ])('ignores a file with %s, with a warning', (_name, text) => {
    const path = join(dir, 'flags.json');
    writeFileSync(path, text);
    expect(readCacheFile(path, URL, logger)).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('warns once when it cannot write, and writes nothing after close', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const writer = new CacheFileWriter({
      path: join(blocker, 'flags.json'),
      url: URL,
      logger,
      now: () => 0,
    });
    writer.save(snapshot(1));
    await until(() => warnings.length === 1);
    writer.save(snapshot(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(warnings).toHaveLength(1);

    const path = join(dir, 'closed.json');
    const closed = new CacheFileWriter({ path, url: URL, logger, now: () => 0 });
    closed.close();
    closed.save(snapshot(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(() => readFileSync(path)).toThrow();
  });
});
