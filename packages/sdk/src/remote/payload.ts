import { isValidPercentage } from '../engine/percentage.js';
import type { RemoteFlag } from '../flag-state.js';

/** The control plane's kill switch: when active, every flag is off. */
export interface KillAll {
  readonly active: boolean;
  readonly reason: string | null;
  readonly since: string | null;
}

/** A snapshot (`GET /api/v1/snapshot`, the stream's `snapshot` event), archived flags left out. */
export interface SnapshotPayload {
  readonly revision: number;
  readonly killAll: KillAll;
  readonly flags: readonly RemoteFlag[];
}

/** A `change` event: flags to upsert, keys to drop (deleted or archived) and the kill switch. */
export interface ChangePayload {
  readonly revision: number;
  readonly upserts: readonly RemoteFlag[];
  readonly deleted: readonly string[];
  readonly killAll: KillAll | undefined;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/**
 * The SDK depends on nothing, so it does not share `@ramp/api`'s schemas: it checks the
 * fields it uses, structurally, and ignores the others (description, owner, timestamps...),
 * so the server may add fields freely. One bad field rejects the whole payload: a config is
 * never applied half-way.
 */
class Invalid extends Error {}

function fail(path: string, expected: string): never {
  throw new Invalid(`${path}: expected ${expected}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value as readonly unknown[];
}

function revision(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(path, 'a whole number of at least 0');
  }
  return value;
}

function key(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'a flag key');
  return value;
}

function nullableString(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(path, 'a string or null');
  return value;
}

function killAll(value: unknown, path: string): KillAll {
  const o = record(value, path);
  if (typeof o.active !== 'boolean') fail(`${path}.active`, 'a boolean');
  return {
    active: o.active,
    reason: nullableString(o.reason, `${path}.reason`),
    since: nullableString(o.since, `${path}.since`),
  };
}

/** One flag, or undefined when it is archived (archived flags are gone for the SDK). */
function flag(value: unknown, path: string): RemoteFlag | undefined {
  const o = record(value, path);
  const flagKey = key(o.key, `${path}.key`);
  if (o.archived !== undefined && typeof o.archived !== 'boolean') {
    fail(`${path}.archived`, 'a boolean');
  }
  if (typeof o.enabled !== 'boolean') fail(`${path}.enabled`, 'a boolean');
  if (!isValidPercentage(o.percentage)) {
    fail(`${path}.percentage`, 'a percentage from 0 to 100 with at most two decimals');
  }
  const bucketBy = nullableString(o.bucketBy, `${path}.bucketBy`);
  if (bucketBy === '') fail(`${path}.bucketBy`, 'a group name or null');
  const requires = o.requires === undefined ? [] : list(o.requires, `${path}.requires`);
  const requiredKeys = requires.map((item, i) => key(item, `${path}.requires[${i}]`));
  if (o.archived === true) return undefined;
  return {
    key: flagKey,
    enabled: o.enabled,
    percentage: o.percentage,
    bucketBy,
    requires: Object.freeze(requiredKeys),
  };
}

function flags(value: unknown, path: string): RemoteFlag[] {
  const seen = new Set<string>();
  const result: RemoteFlag[] = [];
  list(value, path).forEach((item, i) => {
    const parsed = flag(item, `${path}[${i}]`);
    const itemKey = (item as { key: string }).key;
    if (seen.has(itemKey)) fail(`${path}[${i}].key`, `a key not listed before ("${itemKey}" is)`);
    seen.add(itemKey);
    if (parsed !== undefined) result.push(parsed);
  });
  return result;
}

function parse<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * Checks a parsed snapshot body.
 *
 * @example
 * parseSnapshot(JSON.parse(body)) // { ok: true, value: { revision: 7, killAll, flags } }
 */
export function parseSnapshot(data: unknown): Parsed<SnapshotPayload> {
  return parse(() => {
    const o = record(data, 'snapshot');
    return {
      revision: revision(o.revision, 'snapshot.revision'),
      killAll: killAll(o.killAll, 'snapshot.killAll'),
      flags: flags(o.flags, 'snapshot.flags'),
    };
  });
}

/** Checks a parsed `change` event. Archived flags among the upserts count as deleted. */
export function parseChange(data: unknown): Parsed<ChangePayload> {
  return parse(() => {
    const o = record(data, 'change');
    const changeRevision = revision(o.revision, 'change.revision');
    const deleted = list(o.deleted ?? [], 'change.deleted').map((item, i) =>
      key(item, `change.deleted[${i}]`),
    );
    const upserts: RemoteFlag[] = [];
    list(o.flags, 'change.flags').forEach((item, i) => {
      const parsed = flag(item, `change.flags[${i}]`);
      if (parsed === undefined) deleted.push((item as { key: string }).key);
      else upserts.push(parsed);
    });
    return {
      revision: changeRevision,
      upserts,
      deleted,
      killAll: o.killAll === undefined ? undefined : killAll(o.killAll, 'change.killAll'),
    };
  });
}
