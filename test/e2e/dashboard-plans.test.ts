import { createClient, type RampClient } from '@ramp/api';
import { createApp, migrateToLatest, openDatabase, type App, type Database } from '@ramp/server';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDashboard } from '../../packages/server/src/features/dashboard/index.js';

// A real server (SQLite in a temporary directory) running a rollout plan, its controller ticked
// by the test on a clock the test moves forward, and the dashboard in a real headless Chromium.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'packages/dashboard/dist');
const SHOTS = join(ROOT, 'test-results/dashboard-plans');
const ADMIN_TOKEN = 'ramp_e2e-dashboard-plans-admin-token-0123456789';
const MINUTE = 60_000;
const PLAN_NAME = 'search-rollout';
const PLAN = `
name: ${PLAN_NAME}
description: The new search backend, gated on its p95 latency.
flags:
  - key: search_v2
gates:
  - { name: latency-p95, metric: search_latency, stat: p95, below: 300 }
phases:
  - name: canary
    steps:
      - percentages: { search_v2: 5 }
        wait: 10m
    percentages: { search_v2: 20 }
    bake: 30m
  - name: general
    percentages: { search_v2: 100 }
    bake: 1h
`;

describe('plans in the dashboard', () => {
  let dataDir: string;
  let database: Database;
  let app: App;
  let url: string;
  let admin: RampClient;
  let readToken: string;
  let browser: Browser;
  const consoleErrors: string[] = [];
  // The server's clock runs ahead of the real one by this much (the controller's "minutes").
  let offset = 0;
  const serverNow = () => Date.now() + offset;

  const api = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const response = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('build the dashboard first: npm run build -w @ramp/dashboard');
    }
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ramp-dashboard-plans-e2e-'));
    database = openDatabase({ kind: 'sqlite', path: join(dataDir, 'ramp.db') });
    await migrateToLatest(database);
    app = createApp({ database, clock: { now: serverNow } });
    await app.auth.ensureAdminToken(ADMIN_TOKEN);
    if (!app.fastify.hasRoute({ method: 'GET', url: '/*' })) {
      registerDashboard(app.fastify, { distDir: DIST });
    }
    url = await app.fastify.listen({ port: 0, host: '127.0.0.1' });
    admin = createClient({ baseUrl: url, token: ADMIN_TOKEN });
    readToken = (await admin.createToken({ name: 'viewer', scope: 'read' })).token;
    await admin.createFlag({ key: 'search_v2' });

    // Apply the plan, then let the controller run it: step 1 (5 %), the phase (20 %) and,
    // once the bake is over with good latency, the next phase.
    expect((await api('POST', '/api/v1/plans', PLAN, 'application/yaml')).status).toBe(201);
    expect(await app.planController.tick()).toEqual({ [PLAN_NAME]: 'GO' });
    offset += 10 * MINUTE;
    expect(await app.planController.tick()).toEqual({ [PLAN_NAME]: 'GO' });
    const at = serverNow();
    const observations = Array.from({ length: 240 }, (_, i) => ({
      metric: 'search_latency',
      value: (i % 2 === 0 ? 120 : 110) + (i % 40),
      at: at + (i % 20) * MINUTE,
      cohorts: { search_v2: i % 2 === 0 ? 'on' : 'off' },
    }));
    offset += 31 * MINUTE;
    const sent = await api('POST', '/api/v1/metrics', { sentAt: serverNow(), observations });
    expect(sent.status).toBe(202);
    expect(await app.planController.tick()).toEqual({ [PLAN_NAME]: 'GO' });

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.planController.close();
    await app?.fastify.close();
    await database?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  async function openSignedIn(token: string, width = 1280, height = 800): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    await page.goto(url);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flags' }).waitFor();
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('lists the plan, shows its timeline, evidence, chart and decisions, and holds it', async () => {
    const page = await openSignedIn(ADMIN_TOKEN);
    await page.getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor();
    const row = page.locator(`tr[data-plan="${PLAN_NAME}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Running/);
    expect(await row.textContent()).toMatch(/general \(phase 2 of 2\)/);
    expect(await row.textContent()).toMatch(/GO/);
    await shot(page, 'plans-1280');

    await page.getByRole('link', { name: PLAN_NAME }).click();
    await page.getByRole('heading', { level: 1, name: PLAN_NAME }).waitFor();
    // The timeline: canary done, general current, with the bake's countdown.
    const timeline = page.getByRole('list', { name: `Phases of ${PLAN_NAME}` });
    await timeline.waitFor();
    expect(await timeline.locator('[aria-current="step"]').textContent()).toMatch(
      /general.*Running/,
    );
    expect(await page.getByRole('timer').textContent()).toMatch(/^in (59|60) min|^in 1 h/);
    // The latest gate with its numbers and its sentence.
    const gate = page.locator('tr[data-check="latency-p95"]').first();
    await gate.waitFor();
    expect(await gate.textContent()).toMatch(/300/);
    expect(await gate.textContent()).toMatch(/pass/);
    // The ON-vs-OFF chart of the gated metric, from the metrics the "SDK" sent.
    await page.getByRole('figure', { name: /p95 search_latency for search_v2/ }).waitFor();
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    // The decision log, newest first.
    const log = page.locator('.decision-log > li');
    await log.first().waitFor();
    expect(await log.count()).toBe(3);
    expect(await log.first().getAttribute('data-decision')).toBe('GO');
    await shot(page, 'plan-1280');

    // Hold it from the UI: the reason is required.
    await page.getByRole('button', { name: 'Hold…' }).click();
    const dialog = page.getByRole('dialog', { name: `Hold ${PLAN_NAME}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Hold', exact: true }).click();
    await dialog.getByText('Give a reason').waitFor();
    await dialog.getByLabel('Reason (required)').fill('checking the search error budget');
    await shot(page, 'plan-hold-dialog-1280');
    await dialog.getByRole('button', { name: 'Hold', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.decision-log > li[data-decision="HOLD"]').waitFor();
    expect(await log.first().textContent()).toMatch(
      /HOLD.*admin.*checking the search error budget/,
    );
    await page.locator('.page-head').getByText('Held', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Resume…' }).isEnabled()).toBe(true);
    const decisions = (await api('GET', `/api/v1/plans/${PLAN_NAME}/decisions`)).body[
      'decisions'
    ] as { decision: string; actor: string }[];
    expect(decisions[0]).toMatchObject({ decision: 'HOLD', actor: 'admin' });

    await page.getByRole('button', { name: 'Roll back…' }).waitFor();
    await shot(page, 'plan-held-1280');
    await page.context().close();
  });

  it('shows a read token the plan without any action', async () => {
    const page = await openSignedIn(readToken, 390, 844);
    await page.goto(`${url}/plans/${PLAN_NAME}`);
    await page.getByRole('heading', { level: 1, name: PLAN_NAME }).waitFor();
    await page.locator('.decision-log > li').first().waitFor();
    expect(await page.getByRole('group', { name: 'Plan actions' }).count()).toBe(0);
    for (const name of ['Approve…', 'Hold…', 'Resume…', 'Roll back…']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    await shot(page, 'plan-read-390');
    await page.context().close();
    expect(consoleErrors).toEqual([]);
  });
});
