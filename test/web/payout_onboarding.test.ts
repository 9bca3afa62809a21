import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeTestServer, startStripeTestServer } from '../stripe_server/server.js';
import {
  type Browser,
  browserTestsSkipped,
  launchBrowser,
  seriousAccessibilityFindings,
} from './support/browser.js';
import { startWebServer, type WebServer } from './support/web_server.js';

const affiliateEmail = 'grace@hopper.example.com';

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name });
}

describe.skipIf(browserTestsSkipped)('payout account: Stripe onboarding from the web app and back', () => {
  let stripe: StripeTestServer;
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let affiliateId = '';

  beforeAll(async () => {
    stripe = await startStripeTestServer();
    server = await startWebServer({ stripeSecretKey: stripe.apiKey, stripeApiBase: stripe.url });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // An approved applicant, signed in from the approval mail.
    const applied = await server.test.call({
      method: 'POST',
      url: '/v1/applications',
      auth: null,
      payload: { email: affiliateEmail, name: 'Grace Hopper', kind: 'developer' },
    });
    expect(applied.statusCode, applied.body).toBe(202);
    const pending = await server.test.call({ method: 'GET', url: '/v1/applications' });
    const [application] = (pending.json() as { applications: Array<{ id: string }> }).applications;
    affiliateId = application?.id ?? '';
    const approved = await server.test.call({
      method: 'POST',
      url: `/v1/affiliates/${application?.id}/approve`,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await page.goto(await server.inbox.takeSignInLink(affiliateEmail));
    await heading(page, 'Your funnel').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stripe?.close();
  });

  it('connects an account, comes back to /dashboard/payout-account and shows it ready', async () => {
    await page.goto(`${server.origin}/dashboard/payout-account`);
    await heading(page, 'Payout account').waitFor();
    await page.getByText('No payout account connected yet.').waitFor();
    expect(await seriousAccessibilityFindings(page)).toEqual([]);

    // Stripe's hosted onboarding (the test server) sends the browser back to the return URL.
    const onboarding = page.waitForRequest((request) =>
      request.url().startsWith(`${stripe.url}/_test/onboarding/`),
    );
    await page.getByRole('button', { name: 'Connect with Stripe' }).click();
    await onboarding;
    await page.waitForURL(`${server.origin}/dashboard/payout-account`);
    await page.getByText('Ready for payouts').waitFor();
    expect(await seriousAccessibilityFindings(page)).toEqual([]);
    const account = await server.test.call({
      method: 'GET',
      url: `/v1/affiliates/${affiliateId}/payout-account`,
    });
    expect(account.json()).toMatchObject({
      provider: 'stripe',
      connected: true,
      account: { payoutsEnabled: true },
    });
  });
});
