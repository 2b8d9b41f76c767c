import {
  FLAG_KEY_DESCRIPTION,
  FLAG_KEY_PATTERN,
  type CreateFlagBody,
  type Flag,
  type PatchFlagBody,
  type RollbackBody,
} from '@ramp/api';
import { isValidPercentage } from '@ramp/sdk/engine';
import { AppError, invalidField } from '../../http/app-error.js';

const PERCENTAGE_RULE = 'expected a number from 0 to 100 with at most two decimals';
const FLAG_KEY = new RegExp(FLAG_KEY_PATTERN);

/** Throws a 400 naming `field` unless `value` is a percentage with at most two decimals. */
export function checkPercentage(field: string, value: number): void {
  if (!isValidPercentage(value)) throw invalidField(field, PERCENTAGE_RULE);
}

export function checkFlagKey(field: string, key: string): void {
  if (!FLAG_KEY.test(key)) throw invalidField(field, `expected ${FLAG_KEY_DESCRIPTION}`);
}

/** Throws a 400 naming `field` when the text is empty or only spaces. */
export function requireText(field: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw invalidField(field, 'must not be blank');
  return trimmed;
}

/** The percentage sessions actually get: 0 when the flag is off. */
export function effectivePercentage(flag: Flag): number {
  return flag.enabled ? flag.percentage : 0;
}

/**
 * A new flag from a create request. Enabled without a percentage means 100 % (as in the
 * SDK's configuration); otherwise the percentage defaults to 0.
 */
export function newFlag(body: CreateFlagBody, now: string): Flag {
  if (body.percentage !== undefined) checkPercentage('percentage', body.percentage);
  const enabled = body.enabled ?? false;
  return {
    key: body.key,
    description: body.description ?? '',
    enabled,
    percentage: body.percentage ?? (enabled ? 100 : 0),
    bucketBy: body.bucketBy ?? null,
    requires: [...new Set(body.requires ?? [])],
    owner: body.owner ?? null,
    permanent: body.permanent ?? false,
    archived: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    rollbackHistory: [],
  };
}

/** The flag after a patch, or undefined when the patch changes nothing. */
export function applyPatch(flag: Flag, patch: PatchFlagBody, now: string): Flag | undefined {
  if (patch.percentage !== undefined) checkPercentage('percentage', patch.percentage);
  const next: Flag = {
    ...flag,
    description: patch.description ?? flag.description,
    enabled: patch.enabled ?? flag.enabled,
    percentage: patch.percentage ?? flag.percentage,
    bucketBy: patch.bucketBy === undefined ? flag.bucketBy : patch.bucketBy,
    requires: patch.requires === undefined ? flag.requires : [...new Set(patch.requires)],
    owner: patch.owner === undefined ? flag.owner : patch.owner,
    permanent: patch.permanent ?? flag.permanent,
  };
  if (sameSettings(flag, next)) return undefined;
  return { ...next, version: flag.version + 1, updatedAt: now };
}

function sameSettings(a: Flag, b: Flag): boolean {
  return (
    a.description === b.description &&
    a.enabled === b.enabled &&
    a.percentage === b.percentage &&
    a.bucketBy === b.bucketBy &&
    a.owner === b.owner &&
    a.permanent === b.permanent &&
    a.requires.length === b.requires.length &&
    a.requires.every((key, i) => key === b.requires[i])
  );
}

/**
 * The flag after a rollback: without `to`, off (enabled=false, 0 %); with `to`, down to that
 * lower percentage. Either way the rollback is added to the flag's history.
 */
export function rollBack(flag: Flag, body: RollbackBody, actor: string, now: string): Flag {
  const reason = requireText('reason', body.reason);
  const from = effectivePercentage(flag);
  if (body.to !== undefined) {
    checkPercentage('to', body.to);
    if (body.to >= from) {
      throw invalidField('to', `expected a percentage lower than the current ${from}`);
    }
  }
  const to = body.to ?? 0;
  const record = { timestamp: now, reason, actor, from, to };
  return {
    ...flag,
    enabled: body.to !== undefined,
    percentage: to,
    version: flag.version + 1,
    updatedAt: now,
    rollbackHistory: [...flag.rollbackHistory, record],
  };
}

/** The flag, archived. */
export function archive(flag: Flag, now: string): Flag {
  return { ...flag, archived: true, version: flag.version + 1, updatedAt: now };
}

/** Throws 409 unless the stored version is the one the write is based on. */
export function checkVersion(flag: Flag, expected: number | undefined): void {
  if (expected !== undefined && expected !== flag.version) {
    throw new AppError(
      'CONFLICT',
      `flag "${flag.key}" is at version ${flag.version}, not ${expected}; reload it and retry`,
    );
  }
}

/** Throws 409 for writes to an archived flag. */
export function checkNotArchived(flag: Flag): void {
  if (flag.archived) throw new AppError('CONFLICT', `flag "${flag.key}" is archived`);
}
