import type { FlagEvaluation } from '@ramp/api';
import { describe, expect, it } from 'vitest';
import { ofrepReason, toOfrepEntry } from './ofrep-evaluation.js';
import { bulkEtag } from './ofrep-routes.js';

const decision = (reason: string, enabled = false, percentage = 10): FlagEvaluation => ({
  enabled,
  reason,
  bucket: 7,
  percentage,
});

describe('OFREP entries', () => {
  it.each([
    ['ROLLOUT_IN', 'SPLIT'],
    ['ROLLOUT_OUT', 'SPLIT'],
    ['FULL_ROLLOUT', 'STATIC'],
    ['DISABLED', 'DISABLED'],
    ['KILLED', 'DISABLED'],
    ['ROLLED_BACK', 'DISABLED'],
    ['PREREQUISITE_OFF', 'TARGETING_MATCH'],
    ['ERROR', 'ERROR'],
    ['NOT_FOUND', 'ERROR'],
  ])('%s is %s', (reason, expected) => {
    expect(ofrepReason(decision(reason))).toBe(expected);
  });

  it('calls a rollout at 0 % STATIC: everyone gets off', () => {
    expect(ofrepReason(decision('ROLLOUT_OUT', false, 0))).toBe('STATIC');
  });

  it('answers a boolean with variant and metadata', () => {
    expect(toOfrepEntry('f', decision('ROLLOUT_IN', true), true)).toEqual({
      status: 200,
      body: {
        key: 'f',
        value: true,
        reason: 'SPLIT',
        variant: 'on',
        metadata: { bucket: 7, percentage: 10, source: 'remote', rampReason: 'ROLLOUT_IN' },
      },
    });
  });

  it('answers 404 for unknown flags, 400 for a split without a targeting key or an invalid flag', () => {
    expect(toOfrepEntry('f', undefined, true).status).toBe(404);
    expect(toOfrepEntry('f', decision('NOT_FOUND'), true).body).toMatchObject({
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(toOfrepEntry('f', decision('ROLLOUT_OUT'), false).body).toMatchObject({
      errorCode: 'TARGETING_KEY_MISSING',
    });
    expect(toOfrepEntry('f', decision('DISABLED'), false).status).toBe(200);
    expect(toOfrepEntry('f', decision('ERROR'), true).body).toMatchObject({
      errorCode: 'PARSE_ERROR',
    });
  });

  it('tags a bulk answer with the revision and the targeting key', () => {
    expect(bulkEtag(3, 'a')).toBe(bulkEtag(3, 'a'));
    expect(bulkEtag(3, 'a')).not.toBe(bulkEtag(4, 'a'));
    expect(bulkEtag(3, 'a')).not.toBe(bulkEtag(3, 'b'));
    expect(bulkEtag(3, undefined)).toMatch(/^"3-[\w-]{16}"$/);
  });
});
