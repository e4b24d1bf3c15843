import { actor, httpClient, newCustomerId, registerBody, tokenFor } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

// Debian's Chromium, which scripts/test.sh installs; Playwright's own download is not reachable here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('The audit console in a real browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: scripts/test.sh installs Debian's chromium package`);
    system = await startSystem();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows a customer the change made through the API, with its diff, and the state before it', async () => {
    const request = httpClient(system.baseUrl);
    const customerId = newCustomerId();
    await request('POST', '/customers', { body: registerBody(customerId) });
    expect(
      (
        await request('PATCH', `/customers/${customerId}/company-profile`, {
          headers: { 'If-Match': '"1"' },
          body: { companyName: 'Fabrikam <script>alert(1)</script>' },
        })
      ).status,
    ).toBe(200);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
    await page.goto(`${system.baseUrl}/audit/console`);
    await page.fill('input[name=token]', tokenFor(actor({ userPrincipalName: 'auditor@partner.example', roles: ['Auditor'] })));
    await page.fill('input[name=customerId]', customerId);
    await page.click('text=Show history');

    const change = page.locator('#timeline li[data-version="2"]');
    await change.waitFor();
    expect(await change.locator('strong').textContent()).toBe('v2 CompanyProfileUpdated');
    expect(await change.locator('td').allTextContents()).toEqual([
      'companyProfile.companyName',
      'Contoso',
      'Fabrikam <script>alert(1)</script>',
    ]);
    expect(await change.locator('.meta').textContent()).toContain('admin@partner.example');

    await page.locator('#timeline li[data-version="1"] button').click();
    await page.locator('#as-of', { hasText: 'As of version 1' }).waitFor();
    expect(JSON.parse((await page.locator('#state').textContent())!)).toMatchObject({
      version: 1,
      companyProfile: { companyName: 'Contoso' },
    });

    expect(await page.locator('#integrity').textContent()).toMatch(/^Integrity: intact/);

    // Someone backdates the stored rename: the console says the records are broken instead of showing them as sound.
    await system.db
      .collection('event_commits')
      .updateOne({ customerId, firstVersion: 2 }, { $set: { 'events.0.occurredAt': '2020-01-01T00:00:00.000Z' } });
    await page.click('text=Show history');
    await page.locator('#integrity.broken', { hasText: 'version 2 was changed after it was written' }).waitFor();

    await page.fill('input[name=customerId]', newCustomerId());
    await page.click('text=Show history');
    await page.locator('#error', { hasText: 'Not found (404)' }).waitFor();
    expect(problems).toEqual([]);
  });
});
