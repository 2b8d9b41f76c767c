// Three `ramp serve` replicas on one PostgreSQL take 1,000 concurrent writes; one is killed
// with SIGKILL halfway. Every write acknowledged (201) must be stored afterwards, and the
// audit log must hold exactly one entry for each stored flag: no write without its record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, query, startReplicaSet, type Replica, type ReplicaSet } from './support.js';

const WRITES = 1_000;
const CONCURRENCY = 48;

describe('a replica killed during 1,000 concurrent writes', () => {
  let set: ReplicaSet;
  let replicas: Replica[];

  beforeAll(async () => {
    set = await startReplicaSet(3);
    replicas = set.replicas;
  }, 60_000);
  afterAll(() => set.stop(), 30_000);

  it('keeps every acknowledged write, each with its audit entry', async () => {
    const victim = replicas[2]!;
    const acknowledged: string[] = [];
    const failed: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        const key = `f_${String(i).padStart(4, '0')}`;
        const replica = replicas[i % replicas.length]!;
        if (!killed && acknowledged.length >= WRITES / 3 && replica === victim) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
        try {
          const response = await fetch(`${replica.url}/api/v1/flags`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${ADMIN_TOKEN}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ key, enabled: true, percentage: i % 101 }),
          });
          await response.arrayBuffer();
          (response.status === 201 ? acknowledged : failed).push(key);
        } catch {
          failed.push(key);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(
      `writes: ${acknowledged.length} acknowledged, ${failed.length} failed, ${Math.round(performance.now() - started)} ms`,
    );
    expect(killed).toBe(true);
    // The victim took its share of requests until it died; the others answered theirs.
    expect(acknowledged.length).toBeGreaterThan(WRITES / 2);
    expect(failed.length).toBeGreaterThan(0);
    expect(acknowledged.length + failed.length).toBe(WRITES);

    const survivor = replicas[0]!;
    const stored = (await survivor.admin.listFlags()).flags.map((f) => f.key);
    const storedSet = new Set(stored);
    for (const key of acknowledged) expect(storedSet.has(key), key).toBe(true);
    // A write cut off by the crash either committed whole (flag + audit + feed) or not at all.
    const audit = await query<{ flag: string; n: string }>(
      set.url,
      "select flag, count(*) as n from audit_events where action = 'flag.create' group by flag",
    );
    expect(audit.map((r) => Number(r.n)).every((n) => n === 1)).toBe(true);
    expect(new Set(audit.map((r) => r.flag))).toEqual(storedSet);
    // Each stored flag has the values its write asked for.
    const flags = (await survivor.admin.listFlags()).flags;
    for (const flag of flags) {
      expect(flag.percentage).toBe(Number(flag.key.slice(2)) % 101);
    }
    // And the feed revision counted every committed change.
    const [feed] = await query<{ revision: string }>(set.url, 'select revision from feed_revision');
    expect(Number(feed?.revision)).toBe(stored.length);
  }, 90_000);
});
