import { createClient, type RampClient } from '@ramp/api';
import { FeatureFlags } from '@ramp/sdk';
import { hashBucket } from '@ramp/sdk/engine';
import { startServer, type RunningServer } from '@ramp/server';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real server (SQLite in a temporary directory) with the dashboard, a real headless
// Chromium, and a real SDK following the same server over SSE.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'packages/dashboard/dist');
const SHOTS = join(ROOT, 'test-results/dashboard');
const ADMIN_TOKEN = 'ramp_e2e-dashboard-admin-token-0123456789';
const DAY = 86_400_000;

const quiet = { warn: () => undefined, info: () => undefined };

describe('dashboard in a browser', () => {
  let dataDir: string;
  let server: RunningServer;
  let url: string;
  let admin: RampClient;
  let readToken: string;
  let sdkToken: string;
  let sdk: FeatureFlags;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  // The server's clock: moved back while the old flags are created.
  let clockOffset = 0;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('build the dashboard first: npm run build -w @ramp/dashboard');
    }
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ramp-dashboard-e2e-'));
    // What `ramp serve` runs: the API and the built dashboard on one port.
    server = await startServer({
      port: 0,
      dataDir,
      adminToken: ADMIN_TOKEN,
      logger: false,
      dashboardDir: DIST,
      clock: { now: () => Date.now() - clockOffset },
    });
    url = server.url;
    admin = createClient({ baseUrl: url, token: ADMIN_TOKEN });
    await seedFlags(admin, (days) => (clockOffset = days * DAY));
    readToken = (await admin.createToken({ name: 'viewer', scope: 'read' })).token;
    sdkToken = (await admin.createToken({ name: 'checkout-service', scope: 'sdk' })).token;
    sdk = new FeatureFlags({ url, token: sdkToken, env: {}, file: false, logger: quiet });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await openPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    sdk?.close();
    await browser?.close();
    await server?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  async function openPage(context: BrowserContext): Promise<Page> {
    const opened = await context.newPage();
    opened.setDefaultTimeout(5_000);
    opened.on('pageerror', (error) => consoleErrors.push(error.message));
    opened.on('console', (message) => {
      // Refused requests (403 scope probes, the 404 of /api/v1/plans) are logged by Chromium.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    return opened;
  }

  async function signIn(target: Page, token: string): Promise<void> {
    await target.goto(url);
    await target.getByLabel('Token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { level: 1, name: 'Flags' }).waitFor();
  }

  const row = (target: Page, key: string) => target.locator(`tr[data-flag="${key}"]`);
  const shot = (target: Page, name: string) =>
    target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('signs in with an admin token and lists the flags live', async () => {
    await signIn(page, ADMIN_TOKEN);
    for (const key of ['memory_system', 'checkout_v2', 'legacy_banner', 'old_experiment']) {
      await row(page, key).waitFor();
    }
    expect(await row(page, 'memory_system').textContent()).toContain('10%');
    await page.getByText('Live', { exact: true }).waitFor();
    expect(await page.getByText('Admin', { exact: true }).count()).toBe(1);

    // A change made elsewhere (here: the API) reaches the open page over SSE.
    const checkout = await admin.getFlag('checkout_v2');
    await admin.updateFlag('checkout_v2', {
      percentage: 50,
      version: checkout.version,
      reason: 'halve while checking',
    });
    await row(page, 'checkout_v2').getByText('50%').waitFor();
    await row(page, 'checkout_v2').getByText('halve while checking', { exact: false }).waitFor();
    await shot(page, 'flags-1280');
  });

  it('searches and filters', async () => {
    await page.getByLabel('Search flags').fill('memory');
    await page.getByText('1 of 5 flags').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Search flags').fill('');
    await page.getByLabel('State').selectOption('off');
    await page.getByText('1 of 5 flags').waitFor();
    await row(page, 'old_experiment').waitFor();
    await page.getByLabel('State').selectOption('all');
    await page.getByText('5 flags', { exact: true }).waitFor();
  });

  it('changes a percentage with a reason, and the SDK follows', async () => {
    await sdk.ready();
    expect(sdk.getRolloutPercentage('memory_system')).toBe(10);

    await page.getByRole('link', { name: 'memory_system' }).click();
    await page.getByRole('heading', { level: 1, name: 'memory_system' }).waitFor();
    await page.getByLabel('Rollout percentage, exact').fill('25');
    await page.getByRole('button', { name: 'Review change…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the rollout of memory_system?' });
    await dialog.waitFor();
    // The reason is required.
    await dialog.getByRole('button', { name: 'Set to 25%' }).click();
    await dialog.getByText('Give a reason').waitFor();
    await dialog.getByLabel('Reason (required)').fill('ramp to 25% after a clean week');
    await dialog.getByRole('button', { name: 'Set to 25%' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByText('memory_system now serves 25%.').waitFor();
    const audit = page.locator('.audit-event[data-action="flag.update"]').first();
    await audit.getByText('ramp to 25% after a clean week', { exact: false }).waitFor();
    expect(await audit.textContent()).toContain('10% → 25%');
    await vi.waitFor(() => expect(sdk.getRolloutPercentage('memory_system')).toBe(25));
  });

  it('shows a conflict clearly when someone else changed the flag first', async () => {
    await page.getByLabel('Rollout percentage, exact').fill('30');
    await page.getByRole('button', { name: 'Review change…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (required)').fill('next step');
    const current = await admin.getFlag('memory_system');
    await admin.updateFlag('memory_system', { percentage: 27, version: current.version });
    await dialog.getByRole('button', { name: 'Set to 30%' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('someone else changed this flag first', { exact: false }).waitFor();
    expect(await alert.textContent()).toContain('serving 27%');
    await shot(page, 'conflict-1280');

    await alert.getByRole('button', { name: /Base my change on version/ }).click();
    await dialog.getByRole('button', { name: 'Set to 30%' }).click();
    await dialog.waitFor({ state: 'detached' });
    await vi.waitFor(() => expect(sdk.getRolloutPercentage('memory_system')).toBe(30));
  });

  it('explains a session with the SDK engine', async () => {
    await page.getByLabel('Session id').fill('user-42');
    const bucket = hashBucket('memory_system', 'user-42');
    await page.getByText('memory_system:user-42').waitFor();
    expect(await page.getByTestId('explain-bucket').textContent()).toBe(String(bucket));
    expect(await page.getByTestId('explain-decision').textContent()).toBe(
      bucket < 30 ? 'ON' : 'OFF',
    );
    expect(sdk.shouldUse('memory_system', 'user-42')).toBe(bucket < 30);
  });

  it('closes dialogs with Escape and gives the focus back', async () => {
    const open = page.getByRole('button', { name: 'Roll back…' });
    await open.click();
    await page.getByRole('dialog', { name: 'Roll back memory_system?' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await open.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('rolls back partly, then fully, each with a reason', async () => {
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back memory_system?' });
    await dialog.getByLabel('A lower percentage').check();
    await dialog.getByLabel('Percentage (below 30%)').fill('5');
    await dialog.getByLabel('Reason (required)').fill('error rate up in the ON cohort');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.rollback-list').getByText('30% → 5%').waitFor();
    await page.locator('.badge', { hasText: 'Rolled back' }).waitFor();
    const audit = page.locator('.audit-event[data-action="flag.rollback"]').first();
    await audit.getByText('error rate up in the ON cohort', { exact: false }).waitFor();
    await vi.waitFor(() => expect(sdk.getRolloutPercentage('memory_system')).toBe(5));

    await page.getByRole('button', { name: 'Roll back…' }).click();
    await dialog.getByLabel('Reason (required)').fill('still failing');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.rollback-list').getByText('5% → off').waitFor();
    await vi.waitFor(() => expect(sdk.shouldUse('memory_system', 'user-42')).toBe(false));
    expect(sdk.isEnabled('memory_system')).toBe(false);
    await shot(page, 'flag-1280');
  });

  it('lists stale flags for a chosen age', async () => {
    await page.getByRole('link', { name: 'Stale flags' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stale flags' }).waitFor();
    await row(page, 'legacy_banner').waitFor();
    await row(page, 'old_experiment').waitFor();
    expect(await row(page, 'ops_kill_switch').count()).toBe(0);
    expect(await row(page, 'checkout_v2').count()).toBe(0);
    await shot(page, 'stale-1280');
    await page.getByLabel('Last change at least this many days ago').fill('50');
    await page.getByText('1 flag ready to remove').waitFor();
    await row(page, 'legacy_banner').waitFor();
  });

  it('says there are no plans while the server has no plans API', async () => {
    await page.getByRole('link', { name: 'Plans' }).click();
    await page.getByText('No plans on this server yet.').waitFor();
  });

  it('kills all flags and undoes it, each with a reason', async () => {
    await page.getByRole('link', { name: 'Flags', exact: true }).click();
    await page.getByRole('button', { name: 'Kill all…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn every flag off?' });
    await dialog.getByRole('button', { name: 'Turn every flag off' }).click();
    await dialog.getByText('Give a reason').waitFor();
    await dialog.getByLabel('Reason (required)').fill('incident 4711');
    await dialog.getByRole('button', { name: 'Turn every flag off' }).click();
    const banner = page.getByRole('region', { name: 'Kill switch' });
    await banner.getByText('incident 4711', { exact: false }).waitFor();
    await vi.waitFor(() => expect(sdk.isEnabled('checkout_v2')).toBe(false));

    await banner.getByRole('button', { name: 'Undo kill switch…' }).click();
    const undo = page.getByRole('dialog', { name: 'Undo the kill switch?' });
    await undo.getByLabel('Reason (required)').fill('incident over');
    await undo.getByRole('button', { name: 'Undo kill switch' }).click();
    await banner.waitFor({ state: 'detached' });
    await vi.waitFor(() => expect(sdk.isEnabled('checkout_v2')).toBe(true));
  });

  it('fits a phone’s width', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const phone = await openPage(context);
    await signIn(phone, ADMIN_TOKEN);
    await row(phone, 'memory_system').waitFor();
    const overflow = () =>
      phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(phone, 'flags-390');
    await phone.getByRole('link', { name: 'checkout_v2' }).click();
    await phone.getByRole('heading', { level: 1, name: 'checkout_v2' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(phone, 'flag-390');
    await phone.getByRole('button', { name: 'Roll back…' }).click();
    await phone.getByRole('dialog').waitFor();
    await phone.screenshot({ path: join(SHOTS, 'rollback-dialog-390.png') });
    await context.close();
  });

  it('shows a read token no action buttons', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await openPage(context);
    await signIn(viewer, readToken);
    await row(viewer, 'memory_system').waitFor();
    await viewer.getByText('Read-only', { exact: true }).waitFor();
    const buttons = () => viewer.getByRole('button').allTextContents();
    expect(await buttons()).toEqual(['Sign out']);
    await viewer.getByRole('link', { name: 'checkout_v2' }).click();
    await viewer.getByRole('heading', { name: 'Explain for a session' }).waitFor();
    expect(await buttons()).toEqual(['Sign out']);
    expect(await viewer.getByLabel('Rollout percentage').count()).toBe(0);
    await shot(viewer, 'flag-read-1280');
    await context.close();
  });

  it('refuses SDK tokens and wrong tokens at sign-in', async () => {
    const context = await browser.newContext();
    const other = await openPage(context);
    await other.goto(url);
    await other.getByLabel('Token').fill(sdkToken);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('This is an SDK token.', { exact: false }).waitFor();
    await other.getByLabel('Token').fill('ramp_not-a-real-token');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('The server does not accept this token.').waitFor();
    await context.close();
  });

  it('logged no errors in the browser (CSP included)', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/** Five flags; two of them untouched for weeks, one permanent. */
async function seedFlags(admin: RampClient, daysAgo: (days: number) => void): Promise<void> {
  daysAgo(90);
  await admin.createFlag({ key: 'ops_kill_switch', enabled: true, permanent: true });
  daysAgo(60);
  await admin.createFlag({
    key: 'legacy_banner',
    enabled: true,
    percentage: 100,
    description: 'Banner for the old pricing page',
    owner: 'growth',
  });
  daysAgo(45);
  await admin.createFlag({ key: 'old_experiment', enabled: false, percentage: 20 });
  daysAgo(0);
  await admin.createFlag({
    key: 'memory_system',
    enabled: true,
    percentage: 10,
    description: 'The new memory store',
    owner: 'team-memory',
  });
  await admin.createFlag({ key: 'checkout_v2', enabled: true, percentage: 100 });
}
