import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StripeTeam } from '../commissions_flow/support.js';
import { createAffiliate, createLink } from '../support/attribution.js';
import { deliver, testWebhookSecret } from '../support/stripe_events.js';
import {
  type Browser,
  browserTestsSkipped,
  desktopUserAgent,
  launchBrowser,
  screenshot,
  seriousAccessibilityFindings,
} from './support/browser.js';
import { startWebServer, type WebServer } from './support/web_server.js';

const agency = { name: 'Pixelworks', email: 'owner@pixelworks.example.com' };
const memberEmail = 'sam@pixelworks.example.com';

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityFindings(page)).toEqual([]);
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

function nav(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
}

function stat(page: Page, label: string) {
  return page
    .locator('.stat')
    .filter({ has: page.locator('.stat-label', { hasText: label }) })
    .locator('.stat-value');
}

describe.skipIf(browserTestsSkipped)("an agency's people in a real browser", () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let projectUrl = '';
  /** Uncaught errors in the page: none may happen anywhere in the journey. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startWebServer({ stripeWebhookSecret: testWebhookSecret });
    const { test } = server;
    // The agency applied and a program manager approved it; approval mails the owner a sign-in link.
    const applied = await test.call({
      method: 'POST',
      url: '/v1/applications',
      auth: null,
      payload: { ...agency, kind: 'agency', website: 'https://pixelworks.example.com' },
    });
    expect(applied.statusCode, applied.body).toBe(202);
    const pending = await test.call({ method: 'GET', url: '/v1/applications' });
    const application = (
      pending.json() as { applications: Array<{ id: string; email: string }> }
    ).applications.find((row) => row.email === agency.email);
    expect(application).toBeDefined();
    const approved = await test.call({ method: 'POST', url: `/v1/affiliates/${application?.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the owner signs in from the approval mail, lands on an empty workspace, and invites a member', async () => {
    await page.goto(await server.inbox.takeSignInLink(agency.email));
    await heading(page, 'Client projects').waitFor();
    expect(new URL(page.url()).pathname).toBe('/agency');
    await page.getByText('No projects yet.').waitFor();
    for (const label of [
      'Projects',
      'Client domains',
      'Members',
      'Hand-offs',
      'Revenue share',
      'Links',
      'Earnings',
    ]) {
      await nav(page, label).waitFor();
    }
    await expectAccessible(page);

    await nav(page, 'Members').click();
    await heading(page, 'Members').waitFor();
    await page.getByRole('cell', { name: new RegExp(agency.email) }).waitFor();
    await page.getByLabel('Email').fill(memberEmail);
    await page.getByLabel('Role').selectOption('agency_member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`${memberEmail} is invited`).waitFor();
    await page.getByRole('cell', { name: memberEmail, exact: true }).waitFor();
    await expectAccessible(page);
    // An owner removes someone invited by mistake: gone from the list, signed out.
    await page.getByLabel('Email').fill('typo@pixelworks.example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('cell', { name: 'typo@pixelworks.example.com', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Remove typo@pixelworks.example.com' }).click();
    await page.getByText('typo@pixelworks.example.com was removed and signed out.').waitFor();
    await page
      .getByRole('cell', { name: 'typo@pixelworks.example.com', exact: true })
      .waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: `Remove ${agency.email}` }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it('a member signs in by magic link and claims a client domain, a free-mail domain being refused', async () => {
    await page.goto(await server.inbox.takeSignInLink(memberEmail));
    await heading(page, 'Client projects').waitFor();
    await nav(page, 'Members').click();
    await page.getByText('Owners of the workspace invite and remove people').waitFor();
    expect(await page.getByRole('button', { name: /Remove/ }).count()).toBe(0);

    await nav(page, 'Client domains').click();
    await heading(page, 'Client domains').waitFor();
    await page.getByText('No client domains yet.').waitFor();
    await page.getByLabel('Company domain').fill('gmail.com');
    await page.getByRole('button', { name: 'Claim domain' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /gmail\.com/ })
      .waitFor();
    await page.getByLabel('Company domain').fill('initech.example.com');
    await page.getByRole('button', { name: 'Claim domain' }).click();
    await page.getByRole('list', { name: 'Client domains' }).getByText('initech.example.com').waitFor();
    await expectAccessible(page);
  });

  it('creates a project from the template configuration', async () => {
    await nav(page, 'Projects').click();
    await heading(page, 'Client projects').waitFor();
    await page.getByLabel('Project name').fill('Acme rollout');
    await page.getByLabel(/Client's domain/).fill('acme.example.com');
    const editor = page.getByLabel('Configuration (JSON)');
    expect(JSON.parse(await editor.inputValue())).toMatchObject({ schemaVersion: 1 });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Acme rollout').waitFor();
    projectUrl = page.url();
    expect(new URL(projectUrl).pathname).toMatch(/^\/agency\/projects\/[A-Za-z0-9_-]+$/);
    await page
      .getByTestId('project-meta')
      .getByText(/Version 1/)
      .waitFor();
    await page.getByText('Save a change to the configuration to compare two versions.').waitFor();
    await expectAccessible(page);
  });

  it('edits the configuration (a JSON mistake is caught first) and sees the diff', async () => {
    const editor = page.getByLabel(/Configuration \(JSON\), version 1/);
    const configuration = JSON.parse(await editor.inputValue()) as {
      limits: { monthlyApiCalls: number };
      tools: { enabled: string[] };
    };
    await editor.fill('{ "schemaVersion": 1, ');
    await page.getByText(/Not valid JSON/).waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Not valid JSON/ })
      .waitFor();

    configuration.limits.monthlyApiCalls = 500_000;
    configuration.tools.enabled.push('web_fetch');
    await editor.fill(JSON.stringify(configuration, null, 2));
    await page.getByText('Valid JSON.').waitFor();
    await page.getByLabel('What changed (optional)').fill('More calls for the launch; web fetch');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page
      .getByTestId('project-meta')
      .getByText(/Version 2/)
      .waitFor();
    await page.getByRole('cell', { name: 'More calls for the launch; web fetch' }).waitFor();

    await page.getByLabel('From version', { exact: true }).selectOption('1');
    await page.getByLabel('to version', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Show changes' }).click();
    const changes = page.getByRole('list', { name: 'Changes from version 1 to version 2' });
    await changes.waitFor();
    const limit = changes.getByRole('listitem').filter({ hasText: 'limits.monthlyApiCalls' });
    await limit.getByText('Changed', { exact: true }).waitFor();
    expect(await limit.locator('pre').allTextContents()).toEqual(['200000', '500000']);
    const tool = changes.getByRole('listitem').filter({ hasText: 'tools.enabled' });
    await tool.getByText('Added', { exact: true }).waitFor();
    await tool.getByText('"web_fetch"').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'agency-diff');
  });

  it('rolls back to version 1 as a new version, then hands the project off to the client team', async () => {
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByText('Version 3 now holds the configuration of version 1.').waitFor();
    await page
      .getByTestId('project-meta')
      .getByText(/Version 3/)
      .waitFor();
    expect(JSON.parse(await page.getByLabel(/Configuration \(JSON\), version 3/).inputValue())).toMatchObject(
      {
        limits: { monthlyApiCalls: 200_000 },
      },
    );

    await page.getByLabel("Client's EmDash team id").fill('team_acme');
    await page.getByRole('button', { name: 'Hand off the project' }).click();
    const outcome = page.getByTestId('handoff-outcome');
    await outcome.getByText(/Handed off to team/).waitFor();
    await outcome.getByText('team_acme').waitFor();
    await outcome.getByText(/attributed to your agency for good/).waitFor();
    await expectAccessible(page);
    // The client's people sign up afterwards: the team stays the agency's.
    const signup = await server.test.call({
      method: 'POST',
      url: '/v1/track/signup',
      payload: { teamId: 'team_acme', email: 'cto@acme.example.com' },
    });
    expect(signup.statusCode, signup.body).toBe(200);
    const referral = await server.test.call({ method: 'GET', url: '/v1/referrals/team_acme' });
    expect(referral.json()).toMatchObject({ source: 'agency' });
  });

  it("shows the revenue share once the client's first invoice is paid", async () => {
    await nav(page, 'Revenue share').click();
    await heading(page, 'Revenue share').waitFor();
    await page.getByText('No revenue share yet.').waitFor();
    await expectAccessible(page);

    // A $500.00 invoice, delivered as Stripe would (signed): the agency earns 20 %, $100.00.
    const { test } = server;
    const acme = new StripeTeam('team_acme');
    const paidAt = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const clock = await test.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: paidAt } });
    expect(clock.statusCode, clock.body).toBe(200);
    for (const event of [
      acme.customerCreated(paidAt),
      acme.subscription('created', paidAt, 50_000),
      acme.invoicePaid('1', paidAt, 50_000),
    ]) {
      const response = await deliver(test, event);
      expect(response.statusCode, response.body).toBe(200);
    }
    await page.reload();
    await heading(page, 'Revenue share').waitFor();
    await stat(page, 'Earned').filter({ hasText: '$100.00' }).waitFor();
    await stat(page, 'Clients').filter({ hasText: /^1$/ }).waitFor();
    const row = page
      .getByRole('table', { name: 'Per client and month' })
      .getByRole('row')
      .filter({ hasText: 'Acme rollout' });
    await row.getByText('team_acme').waitFor();
    expect(await row.getByText('$100.00').count()).toBe(2);
    await page.locator('.chart canvas').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'agency-revenue-share');
  });

  it('says so when the team already belonged to another partner: sent to the program manager', async () => {
    const { test } = server;
    const developerId = await createAffiliate(test, 'writer@blog.example.com');
    const link = await createLink(test, developerId);
    const visit = await test.app.inject({
      method: 'GET',
      url: `/r/${link.code}`,
      headers: { 'user-agent': desktopUserAgent },
    });
    const clickId = new URL(String(visit.headers.location)).searchParams.get('emd_click');
    expect(clickId).toBeTruthy();
    await test.context.clicks.flush();
    const signup = await test.call({
      method: 'POST',
      url: '/v1/track/signup',
      payload: { teamId: 'team_globex', email: 'lead@globex.example.com', clickId },
    });
    expect(signup.json()).toMatchObject({ attributed: true, affiliateId: developerId });

    await nav(page, 'Projects').click();
    await heading(page, 'Client projects').waitFor();
    await page.getByLabel('Project name').fill('Globex pilot');
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Globex pilot').waitFor();
    await page.getByLabel("Client's EmDash team id").fill('team_globex');
    await page.getByRole('button', { name: 'Hand off the project' }).click();
    await page
      .getByTestId('handoff-outcome')
      .getByText(/sent to the program manager/)
      .waitFor();
    await expectAccessible(page);

    await nav(page, 'Hand-offs').click();
    await heading(page, 'Hand-offs').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'Acme rollout' })
      .getByText('Yours: earns Tier 4')
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'Globex pilot' })
      .getByText('Another partner held it: sent for review')
      .waitFor();
    await expectAccessible(page);

    await nav(page, 'Projects').click();
    const projects = page.getByRole('list', { name: 'Projects' });
    await projects.getByText('Handed off to team_acme', { exact: true }).waitFor();
    await projects.getByText(/team_globex · another partner held it: sent for review/).waitFor();
    await screenshot(page, 'agency-projects');
  });

  it('works at phone width without sideways scrolling, and by keyboard', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [
      '/agency',
      new URL(projectUrl).pathname,
      '/agency/client-domains',
      '/agency/members',
      '/agency/handoffs',
      '/agency/revenue-share',
    ]) {
      await page.goto(`${server.origin}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Loading', { exact: false }).waitFor({ state: 'detached' });
      const overflowPx = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      const wide = await page.evaluate<string[]>(
        "[...document.querySelectorAll('main *')].filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))",
      );
      expect(overflowPx, `${path}: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
      await expectAccessible(page);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // From the skip link, Tab reaches the claim form's field and Enter submits it.
    await page.goto(`${server.origin}/agency/client-domains`);
    await heading(page, 'Client domains').waitFor();
    let reached = false;
    for (let presses = 0; presses < 20 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>("document.activeElement?.id === 'claim-domain'");
    }
    expect(reached).toBe(true);
    await page.keyboard.type('hooli.example.com');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Client domains' }).getByText('hooli.example.com').waitFor();
  });
});
