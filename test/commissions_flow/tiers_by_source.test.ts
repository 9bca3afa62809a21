import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate } from '../support/attribution.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { testWebhookSecret } from '../support/stripe_events.js';
import {
  advanceTo,
  amountsOf,
  balanceOf,
  commissionsOf,
  deliverOk,
  expectLedgerBalanced,
  referTeam,
  reportMembers,
  StripeTeam,
  UsageDays,
} from './support.js';

/** Pays invoice `name` of `team` at `paidAt`, with the clock moved there first. */
async function pay(t: TestApp, team: StripeTeam, name: string, paidAt: string, amountCents: number) {
  if (t.clock.now().getTime() < Date.parse(paidAt)) await advanceTo(t, new Date(paidAt));
  await deliverOk(t, team.invoicePaid(name, paidAt, amountCents));
  await expectLedgerBalanced(t);
}

async function subscribe(t: TestApp, team: StripeTeam, at: string, monthlyCents: number) {
  if (t.clock.now().getTime() < Date.parse(at)) await advanceTo(t, new Date(at));
  await deliverOk(t, team.customerCreated(at));
  await deliverOk(t, team.subscription('created', at, monthlyCents));
}

describe('commissions by attribution source', { timeout: simulatedYearBudgetMs }, () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function start(): Promise<TestApp> {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
    return t;
  }

  it("earns an agency Tier 4 (20 %, 12 months, $5,000 a month across the agency's clients) and no Tier 1–3", async () => {
    await start();
    const agencyId = await createAffiliate(t, 'ops@agency.example.com', 'agency');
    for (const domain of ['clienta.example.com', 'clientb.example.com']) {
      const claim = await t.call({
        method: 'POST',
        url: '/v1/domain-claims',
        payload: { domain, affiliateId: agencyId },
      });
      expect(claim.statusCode, claim.body).toBe(201);
    }
    await referTeam(t, { teamId: 'team_client_a', email: 'cto@clienta.example.com', affiliateId: agencyId });
    await referTeam(t, { teamId: 'team_client_b', email: 'cto@clientb.example.com', affiliateId: agencyId });
    const referral = await t.call({ method: 'GET', url: '/v1/referrals/team_client_a' });
    expect(referral.json()).toMatchObject({ source: 'agency' });

    // Active on 8 days with 6 members: a developer's referral would have earned Tiers 1 and 2.
    await new UsageDays(t, ['team_client_a'], new Date('2026-01-05T00:00:00Z')).liveUntil(
      new Date('2026-01-13T12:00:00Z'),
    );
    await reportMembers(t, 'team_client_a', 6);
    expect(await amountsOf(t, agencyId)).toEqual({});

    const clientA = new StripeTeam('team_client_a', '2026-01-15T09:00:00Z');
    const clientB = new StripeTeam('team_client_b', '2026-01-20T09:00:00Z');
    await subscribe(t, clientA, '2026-01-15T09:00:00Z', 2_000_000);
    await pay(t, clientA, 'jan', '2026-01-15T10:00:00Z', 2_000_000); // 20 % = 400,000
    await subscribe(t, clientB, '2026-01-20T09:00:00Z', 1_000_000);
    await pay(t, clientB, 'jan', '2026-01-20T10:00:00Z', 1_000_000); // 200,000, cut to the 100,000 left
    await pay(t, clientA, 'feb', '2026-02-15T10:00:00Z', 2_000_000);
    await pay(t, clientB, 'feb', '2026-02-20T10:00:00Z', 1_000_000);
    await pay(t, clientA, 'dec', '2026-12-15T10:00:00Z', 2_000_000); // still inside the 12 months
    await pay(t, clientA, 'jan27', '2027-01-15T10:00:00Z', 2_000_000); // the same instant 12 months on: outside

    expect(await amountsOf(t, agencyId)).toEqual({
      'tier4:in_team_client_a_jan': 400_000,
      'tier4:in_team_client_b_jan': 100_000,
      'tier4:in_team_client_a_feb': 400_000,
      'tier4:in_team_client_b_feb': 100_000,
      'tier4:in_team_client_a_dec': 400_000,
    });
    const capped = (await commissionsOf(t, agencyId)).filter((c) => c.cappedCents > 0);
    expect(capped.map((c) => [c.id, c.cappedCents])).toEqual([
      ['tier4:in_team_client_b_feb', 100_000],
      ['tier4:in_team_client_b_jan', 100_000],
    ]);
    const balance = await balanceOf(t, agencyId);
    expect(balance.pendingCents + balance.vestedCents + balance.eligibleCents).toBe(1_400_000);
  });

  it('earns Tiers 1–2 and the lifetime content share on a content-tagged referral, up to the $1,500 ceiling', async () => {
    await start();
    const { affiliateId } = await referTeam(t, {
      teamId: 'team_reader',
      email: 'dev@readercorp.example.com',
      tag: 'launch-post',
    });
    const referral = await t.call({ method: 'GET', url: '/v1/referrals/team_reader' });
    expect(referral.json()).toMatchObject({ source: 'content' });
    await new UsageDays(t, ['team_reader'], new Date('2026-01-05T00:00:00Z')).liveUntil(
      new Date('2026-01-11T12:00:00Z'),
    );
    expect(await amountsOf(t, affiliateId)).toEqual({ 'tier1:team_reader': 5_000 });

    const reader = new StripeTeam('team_reader', '2026-02-01T09:00:00Z');
    await subscribe(t, reader, '2026-02-01T09:00:00Z', 400_000);
    // $4,000 a month: far above Tier 3's threshold, yet content referrals earn the content share instead.
    for (const [name, paidAt] of [
      ['1', '2026-02-01T10:00:00Z'],
      ['2', '2026-03-01T10:00:00Z'],
      ['3', '2026-04-01T10:00:00Z'],
      ['4', '2026-05-01T10:00:00Z'],
    ] as const) {
      await pay(t, reader, name, paidAt, 400_000);
    }
    expect(await amountsOf(t, affiliateId)).toEqual({
      'tier1:team_reader': 5_000,
      'content:in_team_reader_1': 60_000,
      'content:in_team_reader_2': 60_000,
      'content:in_team_reader_3': 30_000,
      'content:in_team_reader_4': 0,
    });
    const fourth = (await commissionsOf(t, affiliateId)).find((c) => c.id === 'content:in_team_reader_4');
    expect(fourth).toMatchObject({ state: 'capped', cappedCents: 60_000 });
    expect((await balanceOf(t, affiliateId)).vestedCents).toBe(155_000);
  });

  it("cuts a direct referral's Tier 3 at $2,000 per affiliate per calendar month, across its teams", async () => {
    await start();
    const affiliateId = await createAffiliate(t, 'prolific@writers.example.com');
    await referTeam(t, { teamId: 'team_big', email: 'a@bigcorp.example.com', affiliateId });
    await referTeam(t, { teamId: 'team_mid', email: 'b@midcorp.example.com', affiliateId });
    const big = new StripeTeam('team_big', '2026-03-05T09:00:00Z');
    const mid = new StripeTeam('team_mid', '2026-03-10T09:00:00Z');
    await subscribe(t, big, '2026-03-05T09:00:00Z', 1_500_000);
    await pay(t, big, 'mar', '2026-03-05T10:00:00Z', 1_500_000); // 225,000 → 200,000
    await subscribe(t, mid, '2026-03-10T09:00:00Z', 500_000);
    await pay(t, mid, 'mar', '2026-03-10T10:00:00Z', 500_000); // 75,000 → nothing left this month
    await pay(t, big, 'apr', '2026-04-05T10:00:00Z', 1_500_000); // a new month: 200,000 again

    const commissions = await commissionsOf(t, affiliateId);
    expect(commissions.map((c) => [c.id, c.amountCents, c.cappedCents, c.state])).toEqual([
      ['tier3:in_team_big_apr', 200_000, 25_000, 'vested'],
      ['tier3:in_team_big_mar', 200_000, 25_000, 'vested'],
      ['tier3:in_team_mid_mar', 0, 75_000, 'capped'],
    ]);
    expect((await balanceOf(t, affiliateId)).vestedCents).toBe(400_000);
  });
});
