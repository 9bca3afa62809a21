import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeTeam } from '../commissions_flow/support.js';
import { deliver, testWebhookSecret } from '../support/stripe_events.js';
import {
  type Browser,
  browserTestsSkipped,
  launchBrowser,
  screenshot,
  seriousAccessibilityFindings,
} from './support/browser.js';
import { type ProductSite, startProductSite } from './support/product_site.js';
import { managerEmail, startWebServer, type WebServer } from './support/web_server.js';

const applicant = { name: 'Ada Lovelace', email: 'ada@lovelace.example.com' };
/** SPEC §8: a new click shows within 2 seconds without reload. */
const liveWithinMs = 2_000;

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityFindings(page)).toEqual([]);
}

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name });
}

function stat(page: Page, label: string) {
  return page
    .locator('.stat')
    .filter({ has: page.locator('.stat-label', { hasText: label }) })
    .locator('.stat-value');
}

async function signInFromMail(page: Page, server: WebServer, email: string): Promise<void> {
  await page.goto(`${server.origin}/`);
  await expect.poll(() => heading(page, 'Sign in').isVisible()).toBe(true);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await heading(page, 'Check your mail').waitFor();
  const link = await server.inbox.takeSignInLink(email);
  await page.goto(link);
}

describe.skipIf(browserTestsSkipped)('an affiliate in a real browser', () => {
  let server: WebServer;
  let site: ProductSite;
  let browser: Browser;
  let page: Page;
  let linkUrl = '';
  let clickId = '';

  beforeAll(async () => {
    server = await startWebServer({ stripeWebhookSecret: testWebhookSecret });
    site = await startProductSite(server.origin);
    // The product's site (another origin, on this machine) becomes an allowed link destination.
    const settings = await server.test.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { linkDestinationHosts: ['emdash.dev', 'localhost'] } },
    });
    expect(settings.statusCode, settings.body).toBe(201);
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  it('applies on the public form', async () => {
    await page.goto(`${server.origin}/`);
    await heading(page, 'Sign in').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await page.getByRole('link', { name: 'Apply to the program' }).click();
    await heading(page, 'Apply to the affiliate program').waitFor();
    expect(new URL(page.url()).pathname).toBe('/apply');
    await page.getByLabel('Name').fill(applicant.name);
    await page.getByLabel('Email').fill(applicant.email);
    await page.getByLabel('I am').selectOption('developer');
    await page.getByLabel(/Website/).fill('https://lovelace.example.com/blog');
    await expectAccessible(page);
    await screenshot(page, 'apply');
    await page.getByRole('button', { name: 'Apply' }).click();
    await heading(page, 'Thanks for applying').waitFor();
  });

  it('is approved by the bootstrap program manager, who signs in from the emailed link', async () => {
    await signInFromMail(page, server, managerEmail);
    await heading(page, 'Applications').waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');
    await page.getByText(applicant.email).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'manager-applications');
    await page.getByRole('button', { name: `Approve ${applicant.name}` }).click();
    await page.getByText('Application approved.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in').waitFor();
  });

  it('signs in from the approval mail and sees an empty funnel that says what to do', async () => {
    const link = await server.inbox.takeSignInLink(applicant.email);
    await page.goto(link);
    await heading(page, 'Your funnel').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByText('No clicks yet — share your link').waitFor();
    await expectAccessible(page);
  });

  it('creates a tagged link for a post and copies it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Links' }).click();
    await heading(page, 'Your links').waitFor();
    // Focus moves to the new page's content, so the next Tab starts there.
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await page.getByText('No links yet.').waitFor();
    await page.getByLabel(/short tag/).fill('launch-post');
    await page.getByLabel(/Page it leads to/).fill(`${site.origin}/welcome`);
    await page.getByRole('button', { name: 'Create link' }).click();
    const created = page.getByRole('status').locator('code');
    await created.waitFor();
    linkUrl = (await created.textContent()) ?? '';
    expect(linkUrl.startsWith(`${server.origin}/r/`)).toBe(true);
    await page.getByRole('button', { name: 'Copy the new link' }).click();
    await page.getByRole('button', { name: 'Copied the new link' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(linkUrl);
    await page.getByRole('list', { name: 'Links' }).getByText(linkUrl).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'links');
  });

  it('shows a click made in another tab within 2 seconds, without reload', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Funnel' }).click();
    await heading(page, 'Your funnel').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    expect(await stat(page, 'Clicks').textContent()).toBe('0');

    const visitor = await browser.context.newPage();
    await visitor.goto(linkUrl);
    const clickedAtMs = Date.now();
    const landed = new URL(visitor.url());
    expect(landed.origin + landed.pathname).toBe(`${site.origin}/welcome`);
    clickId = landed.searchParams.get('emd_click') ?? '';
    expect(clickId).not.toBe('');
    await stat(page, 'Clicks').filter({ hasText: /^1$/ }).waitFor({ timeout: liveWithinMs });
    expect(Date.now() - clickedAtMs).toBeLessThanOrEqual(liveWithinMs);
    await page
      .getByTestId('activity')
      .getByText(/New click/)
      .waitFor();

    // The product's site keeps the click id in its own first-party cookie through the snippet,
    // and still has it on a later page without the parameter.
    await expect.poll(() => visitor.evaluate<string>('document.cookie')).toContain(`emd_click=${clickId}`);
    await visitor.goto(`${site.origin}/pricing`);
    expect(await visitor.evaluate<string>('document.cookie')).toContain(`emd_click=${clickId}`);
    await visitor.close();
    await page.getByRole('table', { name: 'Per content tag' }).getByText('launch-post').waitFor();
    // A year by month ends on the program's today and still holds the click.
    const monthly = page.waitForResponse((response) =>
      /interval=month&from=\d{4}-\d{2}-\d{2}&to=/.test(response.url()),
    );
    await page.getByLabel('Show').selectOption('month');
    expect((await monthly).status()).toBe(200);
    await stat(page, 'Clicks').filter({ hasText: /^1$/ }).waitFor();
    await page.getByLabel('Show').selectOption('day');
    await expectAccessible(page);
    await screenshot(page, 'funnel');
  });

  it('shows the referred team with its evidence, and earnings after a simulated paid invoice', async () => {
    const { test } = server;
    const signup = await test.call({
      method: 'POST',
      url: '/v1/track/signup',
      payload: { teamId: 'team_reader', email: 'lee@readercorp.example.com', clickId },
    });
    expect(signup.json()).toMatchObject({ attributed: true, rule: 'click' });
    await stat(page, 'Signups').filter({ hasText: /^1$/ }).waitFor({ timeout: liveWithinMs });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals' }).click();
    await heading(page, 'Your referrals').waitFor();
    await page
      .getByText('l…@readercorp.example.com')
      .or(page.getByText(/readercorp\.example\.com/))
      .first()
      .waitFor();
    await page.getByText(/Why it is yours/).click();
    await page.getByText(clickId).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'referrals');

    // A $100.00 invoice paid by the content-tagged referral earns the 15 % content share.
    const reader = new StripeTeam('team_reader');
    const paidAt = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const clock = await test.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: paidAt } });
    expect(clock.statusCode, clock.body).toBe(200);
    for (const event of [
      reader.customerCreated(paidAt),
      reader.subscription('created', paidAt, 10_000),
      reader.invoicePaid('1', paidAt, 10_000),
    ]) {
      const response = await deliver(test, event);
      expect(response.statusCode, response.body).toBe(200);
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Earnings' }).click();
    await heading(page, 'Your earnings').waitFor();
    // Paid invoices vest at once; the table says when each becomes available (four months on).
    await stat(page, 'Vested').filter({ hasText: '$15.00' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'team_reader' });
    await row.getByText('$15.00').waitFor();
    await row.getByText('5 May 2026').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'earnings');
  });

  it('shows payouts and the payout account, each with what to do next', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await heading(page, 'Your payouts').waitFor();
    await page.getByText('No payouts yet.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'payouts');
    // The Stripe onboarding return URL is a page of the app.
    await page.goto(`${server.origin}/dashboard/payout-account`);
    await heading(page, 'Payout account').waitFor();
    await page.getByText(/bank transfer/).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'payout-account');
  });

  it('works at phone width without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/dashboard', '/dashboard/links', '/dashboard/referrals', '/dashboard/earnings']) {
      await page.goto(`${server.origin}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Loading', { exact: false }).waitFor({ state: 'detached' });
      const overflowPx = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflowPx, path).toBeLessThanOrEqual(0);
      await expectAccessible(page);
    }
    await page.goto(`${server.origin}/dashboard`);
    await stat(page, 'Clicks').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(page, 'funnel-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('can be used by keyboard: skip link, then the sign-in form', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    let reachedEmail = false;
    for (let presses = 0; presses < 10 && !reachedEmail; presses += 1) {
      await page.keyboard.press('Tab');
      reachedEmail = await page.evaluate<boolean>("document.activeElement?.id === 'sign-in-email'");
    }
    expect(reachedEmail).toBe(true);
    await page.keyboard.type(applicant.email);
    await page.keyboard.press('Enter');
    await heading(page, 'Check your mail').waitFor();
    await server.inbox.takeSignInLink(applicant.email);
  });
});
