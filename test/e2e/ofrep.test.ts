import { OFREPApi } from '@openfeature/ofrep-core';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import type { Client, OpenFeatureAPI } from '@openfeature/server-sdk';
import { FeatureFlags } from '@ramp/sdk';
import { RampProvider } from '@ramp/sdk/openfeature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedOpenFeature,
  quietLogger,
  startRamp,
  type RampServer,
} from './openfeature-support.js';

// The published OFREP provider and the OpenFeature SDK as a real client of a real server.

const SESSIONS = Array.from({ length: 25 }, (_, i) => `session-${i}`);
const FLAGS = ['checkout', 'search', 'full', 'dormant', 'off', 'child'];

describe('OFREP', () => {
  let ramp: RampServer;
  let api: OpenFeatureAPI;
  let ofrep: Client;
  let local: Client;
  let flags: FeatureFlags;

  beforeAll(async () => {
    ramp = await startRamp();
    await ramp.admin.createFlag({ key: 'checkout', enabled: true, percentage: 30 });
    await ramp.admin.createFlag({ key: 'search', enabled: true, percentage: 66.66 });
    await ramp.admin.createFlag({ key: 'full', enabled: true, percentage: 100 });
    await ramp.admin.createFlag({ key: 'dormant', enabled: true, percentage: 0 });
    await ramp.admin.createFlag({ key: 'off', enabled: false, percentage: 50 });
    await ramp.admin.createFlag({ key: 'child', enabled: true, requires: ['checkout'] });
    api = isolatedOpenFeature();
    const headers: [string, string][] = [['authorization', `Bearer ${ramp.sdkToken}`]];
    await api.setProviderAndWait('ofrep', new OFREPProvider({ baseUrl: ramp.url, headers }));
    ofrep = api.getClient('ofrep');
    // The SDK in remote mode, following the same server.
    flags = new FeatureFlags({
      url: ramp.url,
      token: ramp.sdkToken,
      file: false,
      env: {},
      logger: quietLogger,
    });
    await api.setProviderAndWait('sdk', new RampProvider(flags, { closeFlags: true }));
    local = api.getClient('sdk');
  });
  afterAll(async () => {
    await api?.close();
    await ramp?.close();
  });

  it('answers what the SDK answers, for every flag and session: value, variant, reason, metadata', async () => {
    for (const key of FLAGS) {
      for (const targetingKey of SESSIONS) {
        const remote = await ofrep.getBooleanDetails(key, false, { targetingKey });
        const inProcess = await local.getBooleanDetails(key, false, { targetingKey });
        expect(remote, `${key} for ${targetingKey}`).toEqual(inProcess);
        expect(remote.errorCode).toBeUndefined();
      }
    }
    const reasons = await Promise.all(
      FLAGS.map(
        async (key) => (await ofrep.getBooleanDetails(key, false, { targetingKey: 's' })).reason,
      ),
    );
    expect(reasons).toEqual(['SPLIT', 'SPLIT', 'STATIC', 'STATIC', 'DISABLED', expect.any(String)]);
  });

  it('decides with the server engine: the same cohorts as POST /api/v1/evaluate', async () => {
    for (const sessionId of SESSIONS.slice(0, 10)) {
      const { flags: served } = await ramp.admin.evaluate({ sessionId, flags: ['checkout'] });
      const details = await ofrep.getBooleanDetails('checkout', true, { targetingKey: sessionId });
      expect(details.value).toBe(served['checkout']?.enabled);
      expect(details.flagMetadata['bucket']).toBe(served['checkout']?.bucket);
    }
  });

  it('gives the default with FLAG_NOT_FOUND, TARGETING_KEY_MISSING and TYPE_MISMATCH', async () => {
    const missing = await ofrep.getBooleanDetails('no-such-flag', true, { targetingKey: 's' });
    expect(missing).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    const keyless = await ofrep.getBooleanDetails('checkout', true, {});
    expect(keyless).toMatchObject({ value: true, errorCode: 'TARGETING_KEY_MISSING' });
    expect((await ofrep.getBooleanDetails('full', false, {})).value).toBe(true);
    const typed = await ofrep.getStringDetails('full', 'x', { targetingKey: 's' });
    expect(typed).toMatchObject({ value: 'x', errorCode: 'TYPE_MISMATCH' });
  });

  it('refuses a missing or unknown token (401): the provider answers the default', async () => {
    const refused = isolatedOpenFeature();
    const headers: [string, string][] = [['authorization', 'Bearer ramp_not-a-token']];
    await refused.setProviderAndWait(new OFREPProvider({ baseUrl: ramp.url, headers }));
    const details = await refused
      .getClient()
      .getBooleanDetails('full', false, { targetingKey: 's' });
    expect(details).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'GENERAL' });
    await refused.close();
    const response = await post('/ofrep/v1/evaluate/flags/full', { context: {} }, null);
    expect(response.status).toBe(401);
  });

  it('answers bulk evaluations with an ETag, 304 while nothing changed, and a new answer after a change', async () => {
    const client = new OFREPApi(ramp.url);
    const options = { headers: { authorization: `Bearer ${ramp.readToken}` } };
    const context = { targetingKey: 'session-1' };
    const first = await client.postBulkEvaluateFlags({ context }, options);
    expect(first.httpStatus).toBe(200);
    const etag = first.httpResponse?.headers.get('etag');
    expect(etag).toMatch(/^"\d+-/);
    const keys = (first.value as { flags: { key: string }[] }).flags.map((flag) => flag.key);
    expect(keys).toEqual([...FLAGS].sort());

    const withEtag = { headers: { ...options.headers, 'if-none-match': etag ?? '' } };
    expect((await client.postBulkEvaluateFlags({ context }, withEtag)).httpStatus).toBe(304);
    const otherSession = { context: { targetingKey: 'session-2' } };
    expect((await client.postBulkEvaluateFlags(otherSession, withEtag)).httpStatus).toBe(200);

    const flag = await ramp.admin.getFlag('dormant');
    await ramp.admin.updateFlag('dormant', { percentage: 100, version: flag.version });
    const changed = await client.postBulkEvaluateFlags({ context }, withEtag);
    expect(changed.httpStatus).toBe(200);
    expect(changed.httpResponse?.headers.get('etag')).not.toBe(etag);
    const dormant = (changed.value as { flags: { key: string; value?: boolean }[] }).flags.find(
      (entry) => entry.key === 'dormant',
    );
    expect(dormant).toMatchObject({ value: true, reason: 'STATIC', variant: 'on' });
  });

  it('answers bad requests in the protocol shapes', async () => {
    const invalid = await post('/ofrep/v1/evaluate/flags/full', { context: { targetingKey: 7 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ key: 'full', errorCode: 'INVALID_CONTEXT' });

    const malformed = await post('/ofrep/v1/evaluate/flags', '{"context":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errorCode: 'PARSE_ERROR' });

    const notFound = await post('/ofrep/v1/evaluate/flags/nope', {
      context: { targetingKey: 's' },
    });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({
      key: 'nope',
      errorCode: 'FLAG_NOT_FOUND',
      errorDetails: 'flag nope not found',
    });

    const keyless = await post('/ofrep/v1/evaluate/flags/checkout', { context: {} });
    expect(keyless.status).toBe(400);
    expect(await keyless.json()).toMatchObject({ errorCode: 'TARGETING_KEY_MISSING' });

    const bulkKeyless = await post('/ofrep/v1/evaluate/flags', {});
    expect(bulkKeyless.status).toBe(200);
    const entries = ((await bulkKeyless.json()) as { flags: { key: string; errorCode?: string }[] })
      .flags;
    expect(entries.find((entry) => entry.key === 'checkout')?.errorCode).toBe(
      'TARGETING_KEY_MISSING',
    );
    expect(entries.find((entry) => entry.key === 'full')).toMatchObject({ value: true });
  });

  function post(path: string, body: unknown, token: string | null = ramp.sdkToken) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(ramp.url + path, { method: 'POST', headers, body: text });
  }
});
