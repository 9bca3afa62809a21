import { afterEach, describe, expect, it } from 'vitest';
import {
  advanceTo,
  balanceOf,
  commissionsOf,
  deliverOk,
  expectLedgerBalanced,
  StripeTeam,
} from '../commissions_flow/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { testWebhookSecret } from '../support/stripe_events.js';
import { createProject } from './projects_support.js';

/**
 * The brief's agency partner program end to end, through the public API on the simulated clock:
 * application and approval, client projects, hand-off, Stripe-signed billing, Tier 4 revenue share
 * (20 % of each paid invoice for 12 months, at most $5,000 per agency per calendar month), the
 * agency's own team earning nothing, and the ledger balanced.
 */
describe("the brief's agency scenario", { timeout: simulatedYearBudgetMs }, () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function start(at: string): Promise<TestApp> {
    t = await startTestApp({ start: new Date(at), config: { stripeWebhookSecret: testWebhookSecret } });
    return t;
  }

  /** An agency applies, a program manager approves it, and the agency gets a workspace key. */
  async function approvedAgency(email: string): Promise<{ agencyId: string; key: string }> {
    const applied = await t.call({
      method: 'POST',
      url: '/v1/applications',
      auth: null,
      payload: { email, name: 'Studio North', kind: 'agency', website: 'https://studio.example' },
    });
    expect(applied.statusCode, applied.body).toBe(202);
    const pending = (await t.call({ method: 'GET', url: '/v1/applications' })).json().applications;
    const agencyId = pending.find((application: { email: string }) => application.email === email).id;
    const approved = await t.call({ method: 'POST', url: `/v1/affiliates/${agencyId}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    const key = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'affiliate', name: 'studio workspace', affiliateId: agencyId },
    });
    expect(key.statusCode, key.body).toBe(201);
    return { agencyId, key: key.json().key };
  }

  async function handOff(agency: { key: string }, projectId: string, teamId: string): Promise<void> {
    const response = await t.call({
      method: 'POST',
      url: `/v1/projects/${projectId}/handoff`,
      auth: agency.key,
      payload: { teamId },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ attributed: true, source: 'agency' });
  }

  async function subscribe(team: StripeTeam, at: string, monthlyCents: number): Promise<void> {
    if (t.clock.now().getTime() < Date.parse(at)) await advanceTo(t, new Date(at));
    await deliverOk(t, team.customerCreated(at));
    await deliverOk(t, team.subscription('created', at, monthlyCents));
  }

  function monthStarts(first: string, count: number): string[] {
    const start = new Date(first);
    return Array.from({ length: count }, (_, index) =>
      new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + index, 1, 10)).toISOString(),
    );
  }

  it("earns exactly 20 % of three handed-off clients' $200 invoices for 12 months, nothing after, and nothing on its own team", async () => {
    await start('2026-01-05T12:00:00Z');
    const agency = await approvedAgency('ops@studio.example');
    const projects = [];
    for (const name of ['Acme', 'Birch', 'Cobalt', 'Dune', 'Ember']) {
      projects.push(await createProject(t, agency, { name, clientDomain: `${name.toLowerCase()}.example` }));
    }
    const clients = ['team_acme', 'team_birch', 'team_cobalt'];
    for (const [index, teamId] of clients.entries()) await handOff(agency, projects[index]!.id, teamId);

    // The agency's own team signs up from a domain the agency claimed, so it is the agency's like a
    // client (source agency, Tier 4 at $200 a month) — but it is marked internal: its use never earns.
    const claim = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/client-domains`,
      auth: agency.key,
      payload: { domain: 'studio-labs.example' },
    });
    expect(claim.statusCode, claim.body).toBe(201);
    const own = await t.call({
      method: 'POST',
      url: '/v1/track/signup',
      payload: { teamId: 'team_studio', email: 'dev@studio-labs.example' },
    });
    expect(own.json()).toMatchObject({
      attributed: true,
      affiliateId: agency.agencyId,
      rule: 'agency_domain',
    });
    const marked = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/internal-teams`,
      auth: agency.key,
      payload: { teamId: 'team_studio' },
    });
    expect(marked.statusCode, marked.body).toBe(201);

    const billed = [...clients, 'team_studio'].map(
      (teamId) => new StripeTeam(teamId, '2026-02-01T09:00:00Z'),
    );
    for (const team of billed) await subscribe(team, '2026-02-01T09:00:00Z', 20_000);
    // Fourteen monthly invoices of $200, February 2026 to March 2027.
    const paidTimes = monthStarts('2026-02-01T10:00:00Z', 14);
    for (const [index, paidAt] of paidTimes.entries()) {
      await advanceTo(t, new Date(paidAt));
      for (const team of billed) await deliverOk(t, team.invoicePaid(`m${index + 1}`, paidAt, 20_000));
      await expectLedgerBalanced(t);
    }

    const commissions = await commissionsOf(t, agency.agencyId);
    const expected: Record<string, number> = {};
    for (const teamId of clients) {
      // 12 months from the first paid invoice (Feb 1 2026 10:00), half-open: m1 … m12; m13 is Feb 1 2027.
      for (let month = 1; month <= 12; month += 1) expected[`tier4:in_${teamId}_m${month}`] = 4_000;
    }
    expect(Object.fromEntries(commissions.map((c) => [c.id, c.amountCents]))).toEqual(expected);
    expect(commissions.every((c) => c.tier === 'tier4' && c.state !== 'reversed')).toBe(true);
    expect(commissions.some((c) => c.teamId === 'team_studio')).toBe(false);

    await expectLedgerBalanced(t);
    const balance = await balanceOf(t, agency.agencyId);
    const earnedCents = 3 * 12 * 4_000;
    expect(
      balance.pendingCents +
        balance.vestedCents +
        balance.eligibleCents +
        balance.availableCents +
        balance.paidCents,
    ).toBe(earnedCents);
    expect(balance.owedCents).toBe(0);

    const handoffs = (
      await t.call({ method: 'GET', url: `/v1/agencies/${agency.agencyId}/handoffs`, auth: agency.key })
    ).json().handoffs;
    expect(handoffs.map((h: { teamId: string }) => h.teamId).sort()).toEqual(clients);
    const listed = (
      await t.call({ method: 'GET', url: `/v1/agencies/${agency.agencyId}/projects`, auth: agency.key })
    ).json().projects;
    expect(listed).toHaveLength(5);
    expect(listed.filter((p: { handoff: unknown }) => p.handoff !== null)).toHaveLength(3);
  });

  it('holds the $5,000 monthly cap when 30 clients pay $1,000 in the same month', async () => {
    await start('2026-05-04T12:00:00Z');
    const agency = await approvedAgency('ops@bigstudio.example');
    const teams: StripeTeam[] = [];
    for (let index = 1; index <= 30; index += 1) {
      const teamId = `team_client_${String(index).padStart(2, '0')}`;
      const project = await createProject(t, agency, {
        name: `Client ${index}`,
        clientDomain: `client${index}.example`,
      });
      await handOff(agency, project.id, teamId);
      teams.push(new StripeTeam(teamId, '2026-05-05T09:00:00Z'));
    }
    for (const team of teams) await subscribe(team, '2026-05-05T09:00:00Z', 100_000);
    await advanceTo(t, new Date('2026-05-05T10:00:00Z'));
    for (const [index, team] of teams.entries()) {
      // One after another, a second apart: payment order decides which invoices the cap cuts.
      await deliverOk(
        t,
        team.invoicePaid(
          'may',
          new Date(Date.parse('2026-05-05T10:00:00Z') + index * 1_000).toISOString(),
          100_000,
        ),
      );
    }
    await expectLedgerBalanced(t);
    const commissions = await commissionsOf(t, agency.agencyId);
    expect(commissions).toHaveLength(30);
    const earned = commissions.reduce((sum, c) => sum + c.amountCents, 0);
    // 30 × 20 % × $1,000 = $6,000, cut to $5,000: 25 whole shares, the last five cut to nothing.
    expect(earned).toBe(500_000);
    const byTeam = Object.fromEntries(commissions.map((c) => [c.teamId, c.amountCents]));
    for (const [index, team] of teams.entries()) expect(byTeam[team.teamId]).toBe(index < 25 ? 20_000 : 0);
    expect(commissions.reduce((sum, c) => sum + c.cappedCents, 0)).toBe(100_000);

    // June is a new calendar month: the cap starts again.
    await advanceTo(t, new Date('2026-06-05T10:00:00Z'));
    await deliverOk(t, teams[0]!.invoicePaid('jun', '2026-06-05T10:00:00Z', 100_000));
    const june = (await commissionsOf(t, agency.agencyId)).find(
      (c) => c.id === 'tier4:in_team_client_01_jun',
    );
    expect(june?.amountCents).toBe(20_000);

    await expectLedgerBalanced(t);
    const balance = await balanceOf(t, agency.agencyId);
    expect(balance.pendingCents + balance.vestedCents + balance.eligibleCents + balance.availableCents).toBe(
      520_000,
    );
  });
});
