import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import { daysAfter, givenEligibleCents } from '../payouts_run/support.js';
import { createAffiliate, createLink, signup } from '../support/attribution.js';
import { insertClick } from '../support/clicks.js';
import { givenAffiliate } from '../support/ledger_fixtures.js';
import {
  type Browser,
  browserTestsSkipped,
  launchBrowser,
  screenshot,
  seriousAccessibilityFindings,
} from './support/browser.js';
import { managerEmail, startWebServer, type WebServer } from './support/web_server.js';

const applicant = { name: 'Grace Hopper', email: 'grace@hopper.example.com' };
const flaggedTeamId = 'team_throwaway';
const consolePaths = [
  '/manager',
  '/manager/kpis',
  '/manager/fraud',
  '/manager/payout-runs',
  '/manager/reconciliation',
  '/manager/settings',
];

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityFindings(page)).toEqual([]);
}

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name });
}

async function openFromNavigation(page: Page, label: string, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await heading(page, title).waitFor();
}

async function settled(page: Page): Promise<void> {
  await page.getByText('Loading', { exact: false }).first().waitFor({ state: 'detached' });
}

describe.skipIf(browserTestsSkipped)("the program manager's console in a real browser", () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let flaggedAffiliateId = '';
  let payingAffiliateId = '';
  let holderAgencyId = '';

  beforeAll(async () => {
    // No Stripe: payouts go by the CSV rail, which needs no payout account.
    server = await startWebServer({ stripeSecretKey: undefined });
    const { test } = server;
    const applied = await test.call({
      method: 'POST',
      url: '/v1/applications',
      auth: null,
      payload: { ...applicant, kind: 'developer' },
    });
    expect(applied.statusCode, applied.body).toBe(202);

    // A click-referred signup from a throwaway mail domain opens a disposable_email flag.
    flaggedAffiliateId = await createAffiliate(test, 'writer@ada-writes.example.com');
    const link = await createLink(test, flaggedAffiliateId);
    await insertClick(test.context.db, {
      id: 'clk_console_1',
      linkId: link.id,
      affiliateId: flaggedAffiliateId,
      tag: null,
      occurredAt: new Date(test.clock.now().getTime() - 60_000),
    });
    const signed = await signup(test, {
      teamId: flaggedTeamId,
      email: 'x@mailinator.com',
      clickId: 'clk_console_1',
    });
    expect(signed.json()).toMatchObject({ attributed: true });

    // Two agencies claim one client domain: the second claim opens a domain_dispute flag.
    for (const email of ['boss@studio.example', 'boss@rival.example']) {
      const agencyId = await createAffiliate(test, email, 'agency');
      const claimed = await test.call({
        method: 'POST',
        url: `/v1/agencies/${agencyId}/client-domains`,
        payload: { domain: 'clientco.example' },
      });
      expect([201, 409], claimed.body).toContain(claimed.statusCode);
      if (email.includes('studio')) holderAgencyId = agencyId;
    }

    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in from the emailed link and lands on the application queue', async () => {
    await page.goto(`${server.origin}/`);
    await heading(page, 'Sign in').waitFor();
    await page.getByLabel('Email').fill(managerEmail);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await heading(page, 'Check your mail').waitFor();
    await page.goto(await server.inbox.takeSignInLink(managerEmail));
    await heading(page, 'Applications').waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    for (const label of [
      'Applications',
      'KPIs',
      'Fraud review',
      'Payout runs',
      'Reconciliation',
      'Settings',
    ]) {
      await navigation.getByRole('link', { name: label, exact: true }).waitFor();
    }
  });

  it('sees the KPIs: the Results table projected beside actual, and the monthly curves', async () => {
    await openFromNavigation(page, 'KPIs', 'Program KPIs');
    const table = page.getByRole('table', { name: /Results per program year/ });
    await table.waitFor();
    const activeAffiliates = table.getByRole('row').filter({ hasText: 'Active affiliates' });
    // Year 1 of the brief's projection: 150 active affiliates.
    await activeAffiliates.getByRole('cell', { name: '150', exact: true }).waitFor();
    const roi = table.getByRole('row').filter({ hasText: 'ROI' });
    await roi.getByRole('cell', { name: '10.0x', exact: true }).waitFor();
    await page
      .getByRole('img', { name: /Revenue from the channel: projected and actual by month/ })
      .waitFor();
    await page.getByRole('img', { name: /Commissions: projected and actual by month/ }).waitFor();
    await page.getByRole('img', { name: /ROI .*: projected and actual by month/ }).waitFor();
    const monthly = page.waitForResponse((response) =>
      /economics\?actual=true&by=month/.test(response.url()),
    );
    await page.getByLabel('Figures per').selectOption('month');
    expect((await monthly).status()).toBe(200);
    await page.getByRole('table', { name: /Results per month/ }).waitFor();
    await page.getByLabel('Figures per').selectOption('year');
    await page.getByRole('table', { name: /Results per program year/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-kpis');
  });

  it('approves an application', async () => {
    await openFromNavigation(page, 'Applications', 'Applications');
    await page.getByText(applicant.email).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-applications');
    await page.getByRole('button', { name: `Approve ${applicant.name}` }).click();
    await page.getByText('Application approved.').waitFor();
    const pending = await server.test.call({ method: 'GET', url: '/v1/applications?status=pending' });
    expect((pending.json() as { applications: unknown[] }).applications).toEqual([]);
    await server.inbox.takeSignInLink(applicant.email);
  });

  it('decides a fraud flag from its evidence', async () => {
    await openFromNavigation(page, 'Fraud review', 'Fraud review');
    const flags = page.getByRole('list', { name: 'Fraud flags' });
    const card = flags.getByRole('listitem').filter({ hasText: 'Disposable email' });
    await card.getByText('mailinator.com').first().waitFor();
    await card.getByText(flaggedTeamId).first().waitFor();
    const dispute = flags.getByRole('listitem').filter({ hasText: 'Domain dispute' });
    await dispute.getByText('clientco.example').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-fraud');
    await card.getByLabel('Note (optional)').fill('A real team behind a throwaway address');
    await card.getByRole('button', { name: `Release ${flaggedTeamId}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `for ${flaggedTeamId}: release recorded` })
      .waitFor();
    await dispute.getByRole('button', { name: /Award to the holder/ }).click();
    await page.getByRole('status').filter({ hasText: 'Domain awarded to the holder' }).waitFor();
    await page.getByText('No open flags — nothing to review.').waitFor();
    const claims = await server.test.call({
      method: 'GET',
      url: `/v1/agencies/${holderAgencyId}/client-domains`,
    });
    expect(JSON.stringify(claims.json())).toContain('clientco.example');

    const decided = await server.test.call({ method: 'GET', url: '/v1/admin/fraud-flags?status=dismissed' });
    const flag = (
      decided.json() as { flags: Array<{ teamId: string | null; decisions: Array<{ note: string }> }> }
    ).flags.find((dismissed) => dismissed.teamId === flaggedTeamId);
    expect(flag?.decisions.map((decision) => decision.note)).toContain(
      'A real team behind a throwaway address',
    );
    await page.getByLabel('Show flags').selectOption('dismissed');
    await page.getByRole('list', { name: 'Fraud flags' }).getByText(flaggedTeamId).first().waitFor();
  });

  it('approves a payout run that waits for approval, and sees its payouts', async () => {
    // Payout runs wait for approval; one affiliate has $120.00 to be paid by the monthly run.
    const { test } = server;
    const setting = await test.call({
      method: 'POST',
      url: '/v1/admin/settings',
      payload: { changes: { payoutApprovalRequired: true } },
    });
    expect(setting.statusCode, setting.body).toBe(201);
    payingAffiliateId = await givenAffiliate(test.context);
    await givenEligibleCents(test.context, payingAffiliateId, 12_000, test.clock.now());
    await runPayouts(test.context, daysAfter(test.clock.now(), 30));

    await openFromNavigation(page, 'Payout runs', 'Payout runs');
    const row = page.getByRole('row').filter({ hasText: 'awaiting approval' });
    await row.getByText('$120.00').waitFor();
    await row.getByRole('button', { name: /Show payouts/ }).click();
    const payouts = page.getByRole('region', { name: 'Payouts of the run' });
    await payouts.getByText(payingAffiliateId).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-payout-runs');
    await row.getByRole('button', { name: /Approve run/ }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'approved' }).or(page.getByRole('alert'));
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/approved: its payouts are on their way/);
    await page.getByRole('row').filter({ hasText: 'awaiting approval' }).waitFor({ state: 'detached' });

    const runs = await server.test.call({ method: 'GET', url: '/v1/admin/payout-runs' });
    expect(runs.statusCode).toBe(200);
    expect(JSON.stringify(runs.json())).not.toContain('awaiting_approval');
  });

  it('reconciles an ended month and reads its report', async () => {
    await openFromNavigation(page, 'Reconciliation', 'Reconciliation');
    await page.getByText('No month reconciled yet.').waitFor();
    await page.getByLabel(/Month \(an ended one/).fill('2025-12');
    await page.getByRole('button', { name: 'Reconcile' }).click();
    await page.getByRole('heading', { level: 2, name: 'Report for 2025-12' }).waitFor();
    await page.getByRole('table').getByRole('button', { name: '2025-12' }).waitFor();
    await page.getByText('Teams checked').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-reconciliation');
  });

  it('previews a settings change: actual vs what-if over recorded history, nothing saved', async () => {
    await openFromNavigation(page, 'Settings', 'Program settings');
    const tier1 = page.getByLabel('Tier 1 bonus ($)');
    expect(await tier1.inputValue()).toBe('50.00');
    await tier1.fill('100');
    await page.getByText('Changing: Tier 1 bonus ($).').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('table', { name: 'Actual vs what-if' });
    await preview.waitFor();
    await preview.getByRole('row').filter({ hasText: 'tier1' }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'console-settings');
    const current = await server.test.call({ method: 'GET', url: '/v1/admin/settings' });
    expect(current.json()).toMatchObject({ settings: { tier1BonusCents: 5_000 } });
  });

  it('saves a settings change as a version and shows what it changed', async () => {
    await openFromNavigation(page, 'Settings', 'Program settings');
    await page.getByLabel('Tier 1 bonus ($)').fill('100');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved as version \d+/ })
      .waitFor();
    // The form shows the new version once the settings in force are read again.
    await expect.poll(() => page.getByLabel('Tier 1 bonus ($)').inputValue()).toBe('100.00');
    await expectAccessible(page);
    const current = await server.test.call({ method: 'GET', url: '/v1/admin/settings' });
    expect(current.json()).toMatchObject({ settings: { tier1BonusCents: 10_000 } });
  });

  it('shows the version history with what each version changed', async () => {
    const history = page.getByRole('list', { name: 'Settings versions, newest first' });
    await history.getByText('Tier 1 bonus ($): $50.00 → $100.00').waitFor();
    await history.getByText(/Payouts? .*approval.*: no → yes/i).waitFor();
    await expectAccessible(page);
  });

  it('refuses a mistyped setting in the browser, naming it, and sends nothing', async () => {
    await page.getByLabel('Minimum payout ($)').fill('fifty');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Minimum payout ($): type a number' }).waitFor();
    const current = await server.test.call({ method: 'GET', url: '/v1/admin/settings' });
    expect(current.json()).toMatchObject({ settings: { minPayoutCents: 5_000 } });
    await page.getByLabel('Minimum payout ($)').fill('50.00');
  });

  it('works at phone width without sideways scrolling, every page axe clean', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of consolePaths) {
      await page.goto(`${server.origin}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await settled(page);
      const overflowPx = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflowPx, path).toBeLessThanOrEqual(0);
      await expectAccessible(page);
    }
    await page.goto(`${server.origin}/manager/kpis`);
    await settled(page);
    await screenshot(page, 'console-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('can be used by keyboard: the navigation reaches a console page, Enter opens it', async () => {
    await page.goto(`${server.origin}/manager`);
    await heading(page, 'Applications').waitFor();
    let reached = false;
    for (let presses = 0; presses < 20 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>("document.activeElement?.textContent === 'Fraud review'");
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await heading(page, 'Fraud review').waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
  });
});
