import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createHub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

/** Debian's chromium (`.ci/run` installs it). CHROMIUM_PATH overrides. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    // The browser test is an acceptance test: a missing browser is a failure, not a skip.
    throw new Error(
      'chromium not found: apt-get install -y chromium (bash .ci/run does), or set CHROMIUM_PATH',
    );
  }
}

describe('web console in a real browser', () => {
  let harness: HubHarness;
  let browser: Browser | undefined;
  let url: string;

  beforeAll(async () => {
    // One attempt and a failing ERP: the one sale goes dead at once.
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 1, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(1, { currency: 'EUR' });
    harness.erp.setFaults({ errorRate: 1 });
    const processEnv = harness.processEnv('all', 0);
    harness.hub = await createHub({
      env: loadEnv(processEnv),
      config: loadPoshubConfig(harness.configPath, { env: processEnv }),
      role: 'all',
      listen: true,
    });
    url = harness.hub.url!;
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead === 1, {
      timeoutMs: 30_000,
      describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()),
    });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('serves the console without a token, but no data', async () => {
    const page = await fetch(`${url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('poshub console');
    expect((await fetch(`${url}/console/console.js`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/console/overview`)).status).toBe(401);
  });

  it('refuses a wrong token on the login form', async () => {
    const page = await browser!.newPage();
    await page.goto(`${url}/console/`);
    await page.fill('#token', 'not-the-token');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error', { hasText: 'refused' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#app').isHidden()).toBe(true);
    await page.close();
  });

  it('logs in, sees the dead delivery, retries it and sees it delivered', async () => {
    const ledger = await harness.ledger();
    const [dead] = (await ledger.deliveries.list({ status: 'dead' })).items;
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(`${url}/console`);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#login-form button[type=submit]');

    const erp = page.locator('#connections tr[data-connection="erp"]');
    await erp.waitFor({ timeout: 10_000 });
    expect(await erp.locator('[data-field="dead"]').textContent()).toBe('1');
    expect(await erp.locator('.badge').textContent()).toBe('failing');
    await page.locator('#connections tr[data-connection="pos"]').waitFor();

    const group = page.locator('#errors tr.error-group[data-destination="erp"]');
    expect(await group.locator('td').nth(2).textContent()).toBe('1');
    await group.getByRole('button', { name: 'Show deliveries' }).click();
    const row = page.locator(`#errors tr.dead-delivery[data-delivery="${dead.id}"]`);
    await row.waitFor({ timeout: 10_000 });

    // The reconciliation view of the sale's day lists it as missing at the ERP.
    await page.fill('#recon-date', dead.occurredAt!.slice(0, 10));
    await page.click('#recon-form button[type=submit]');
    const missing = page.locator(`#recon-result tr.recon-item[data-record="${dead.recordId}"]`);
    await missing.waitFor({ timeout: 10_000 });
    expect(await missing.textContent()).toContain('missing');

    harness.erp.setFaults({}); // the operator fixed the ERP
    await row.getByRole('button', { name: 'Retry' }).click();
    await page
      .locator(`#retried tr[data-delivery="${dead.id}"][data-status="done"]`)
      .waitFor({ timeout: 30_000 });
    await page.locator('#no-errors').waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(async () => (await erp.locator('[data-field="dead"]').textContent()) === '0', {
      timeoutMs: 15_000,
    });
    // Once nothing waits for the ERP any more, it is not behind at all (not "unknown").
    await waitUntil(async () => (await erp.locator('[data-field="lag"]').textContent()) === '0 s', {
      timeoutMs: 15_000,
      describe: async () => `lag cell ${await erp.locator('[data-field="lag"]').textContent()}`,
    });

    expect((await ledger.deliveries.get(dead.id))?.status).toBe('done');
    expect(harness.erp.creates()).toHaveLength(1);
    expect(problems).toEqual([]);
    // The token lives in sessionStorage only: a reload keeps the session, no cookie carries it.
    await page.reload();
    await erp.waitFor({ timeout: 10_000 });
    expect(await page.context().cookies()).toEqual([]);
    await page.close();
  });
});
