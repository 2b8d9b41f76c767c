// Shared by the OpenFeature, OFREP and Prometheus end-to-end tests: a real Ramp server on a
// free loopback port, and an OpenFeature API of the test's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeatureAPI, ProviderEvents, type EventDetails } from '@openfeature/server-sdk';
import { createClient, type RampClient } from '@ramp/api';
import { startServer, type RunningServer } from '@ramp/server';

export interface RampServer {
  readonly url: string;
  readonly admin: RampClient;
  readonly adminToken: string;
  /** A token with the sdk scope. */
  readonly sdkToken: string;
  /** A token with the read scope. */
  readonly readToken: string;
  close(): Promise<void>;
}

/** `startServer({ port: 0, dataDir: tmp, adminToken, logger: false })` plus sdk and read tokens. */
export async function startRamp(): Promise<RampServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ramp-e2e-'));
  const adminToken = 'ramp_e2e-admin-token-0123456789';
  const server: RunningServer = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken,
    logger: false,
    env: {},
    dashboardDir: false,
  });
  const admin = createClient({ baseUrl: server.url, token: adminToken });
  const sdkToken = (await admin.createToken({ name: 'e2e-sdk', scope: 'sdk' })).token;
  const readToken = (await admin.createToken({ name: 'e2e-read', scope: 'read' })).token;
  return {
    url: server.url,
    admin,
    adminToken,
    sdkToken,
    readToken,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An OpenFeature API instance of its own (the SDK's singleton would leak between tests). */
export function isolatedOpenFeature(): OpenFeatureAPI {
  return new (OpenFeatureAPI as unknown as new () => OpenFeatureAPI)();
}

/** Every provider event the API emits, in order. */
export function recordEvents(api: OpenFeatureAPI): { type: string; details?: EventDetails }[] {
  const events: { type: string; details?: EventDetails }[] = [];
  for (const type of Object.values(ProviderEvents)) {
    api.addHandler(type, (details) => {
      events.push(details === undefined ? { type } : { type, details });
    });
  }
  return events;
}

/** Warnings of a FeatureFlags under test go here rather than to the console. */
export const quietLogger = { warn: () => undefined, info: () => undefined };
