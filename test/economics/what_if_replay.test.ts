import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayWhatIf } from '../../src/economics/what_if.js';
import {
  advanceTo,
  deliverOk,
  expectLedgerBalanced,
  referTeam,
  reportMembers,
  StripeTeam,
  UsageDays,
} from '../commissions_flow/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate } from '../support/attribution.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import { stripeEvent, subscriptionObject, testWebhookSecret } from '../support/stripe_events.js';

/**
 * A scripted program driven through the real API: affiliate A refers a1 (6 members: Tiers 1 and
 * 2) and a2 (Tier 1); both pay $10,000 on Feb 1 and Mar 1, so Tier 3's $2,000 monthly cap binds
 * (a1 pays first each month and gets $1,500, a2 the $500 left); half of a1's March invoice is
 * refunded. Affiliate B refers b1, which pays $300 on Feb 1 and cancels on Feb 15: the February
 * reconciliation (run on Mar 1) takes its Tier 1 back as early churn.
 */
const ledger = {
  grantedCents: 5_000 + 25_000 + 150_000 + 150_000 + 5_000 + 50_000 + 50_000 + 5_000,
  cappedCents: 200_000,
  reversedCents: 75_000 + 5_000,
  commissionsCents: 360_000,
  byTier: { tier1: 10_000, tier2: 25_000, tier3: 325_000, tier4: 0, content: 0 },
  revenueCents: 1_000_000 + 500_000 + 2_000_000 + 30_000,
};

type Figures = typeof ledger & { releasedCents: number; roi: number | null; paidCents: number | null };
interface WhatIf {
  teams: number;
  settingsChanged: Record<string, unknown>;
  actual: Figures;
  replayedCurrent: Figures;
  whatIf: Figures;
  difference: Figures;
  selfCheck: { matches: boolean; differenceCents: number; commissionsDiffering: number; sample: unknown[] };
  byMonth: Array<{ month: string; revenueCents: number; actualCents: number; whatIfCents: number }>;
  byAffiliate: Array<{ affiliateId: string; differenceCents: number }>;
}

describe('POST /v1/admin/what-if over a scripted program', () => {
  let t: TestApp;
  let affiliateA: string;
  let affiliateB: string;

  async function whatIf(body: Record<string, unknown>) {
    const response = await t.call({ method: 'POST', url: '/v1/admin/what-if', payload: body });
    return {
      status: response.statusCode,
      body: response.json() as WhatIf & { detail?: string; path?: string },
    };
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const tables = await t.context.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM "${name}"`);
      counts[name] = Number(row!.n);
    }
    return counts;
  }

  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
    affiliateA = await createAffiliate(t, 'dev.a@affiliates.example.com');
    affiliateB = await createAffiliate(t, 'dev.b@affiliates.example.com');
    await referTeam(t, { teamId: 'a1', email: 'lead@alpha.example.com', affiliateId: affiliateA });
    await referTeam(t, { teamId: 'a2', email: 'lead@bravo.example.com', affiliateId: affiliateA });
    await referTeam(t, { teamId: 'b1', email: 'lead@charlie.example.com', affiliateId: affiliateB });
    await reportMembers(t, 'a1', 6);
    const usage = new UsageDays(t, ['a1', 'a2', 'b1'], new Date('2026-01-05T00:00:00Z'));
    const teams = { a1: new StripeTeam('a1'), a2: new StripeTeam('a2'), b1: new StripeTeam('b1') };

    await usage.liveUntil(new Date('2026-01-31T12:00:00Z'));
    for (const [teamId, team] of Object.entries(teams)) {
      await deliverOk(t, team.customerCreated('2026-01-31T12:00:00Z'));
      await deliverOk(
        t,
        team.subscription('created', '2026-01-31T12:00:00Z', teamId === 'b1' ? 30_000 : 1_000_000),
      );
    }
    for (const month of ['02', '03']) {
      await usage.liveUntil(new Date(`2026-${month}-01T12:00:00Z`));
      await deliverOk(t, teams.a1.invoicePaid(month, `2026-${month}-01T10:00:00Z`, 1_000_000));
      await deliverOk(t, teams.a2.invoicePaid(month, `2026-${month}-01T11:00:00Z`, 1_000_000));
      if (month === '02') {
        await deliverOk(t, teams.b1.invoicePaid(month, '2026-02-01T10:00:00Z', 30_000));
        await usage.liveUntil(new Date('2026-02-15T12:00:00Z'));
        await deliverOk(
          t,
          stripeEvent(
            'evt_b1_canceled',
            'customer.subscription.updated',
            '2026-02-15T12:00:00Z',
            subscriptionObject({
              subscriptionId: teams.b1.subscriptionId,
              customerId: teams.b1.customerId,
              teamId: 'b1',
              status: 'canceled',
              unitAmountCents: 30_000,
              quantity: 1,
              startedAt: '2026-01-31T12:00:00Z',
              endedAt: '2026-02-15T12:00:00Z',
            }),
          ),
        );
      }
    }
    await usage.liveUntil(new Date('2026-03-10T12:00:00Z'));
    await deliverOk(t, teams.a1.chargeRefunded('03', '2026-03-10T12:00:00Z', 1_000_000, 500_000));
    await advanceTo(t, new Date('2026-03-15T12:00:00Z'));
    await expectLedgerBalanced(t);
  }, simulatedYearBudgetMs);
  afterAll(async () => t.close());

  it('replays the settings in force to exactly what the ledger recorded', async () => {
    const { status, body } = await whatIf({ settings: {} });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.teams).toBe(3);
    expect(body.settingsChanged).toEqual({});
    expect(body.actual).toMatchObject({ ...ledger, releasedCents: 0, roi: 9.8, paidCents: 0 });
    expect(body.selfCheck).toEqual({
      matches: true,
      differenceCents: 0,
      commissionsDiffering: 0,
      sample: [],
    });
    expect({ ...body.replayedCurrent, paidCents: 0 }).toEqual(body.actual);
    expect(body.whatIf).toEqual(body.replayedCurrent);
    expect(body.difference.commissionsCents).toBe(0);
    expect(body.byMonth).toEqual([
      {
        month: '2026-01',
        revenueCents: 0,
        actualCents: 10_000,
        replayedCurrentCents: 10_000,
        whatIfCents: 10_000,
      },
      {
        month: '2026-02',
        revenueCents: 2_030_000,
        actualCents: 225_000,
        replayedCurrentCents: 225_000,
        whatIfCents: 225_000,
      },
      {
        month: '2026-03',
        revenueCents: 1_500_000,
        actualCents: 125_000,
        replayedCurrentCents: 125_000,
        whatIfCents: 125_000,
      },
    ]);
  });

  it('writes nothing: every table keeps its rows and the ledger stays balanced', async () => {
    const before = await tableCounts();
    expect(before.commissions).toBe(8);
    expect(
      (await whatIf({ settings: { tier1BonusCents: 10_000, tier3RateBasisPoints: 3_000 } })).status,
    ).toBe(200);
    expect(await tableCounts()).toEqual(before);
    await expectLedgerBalanced(t);
  });

  it('doubles Tier 1 when the Tier 1 amount doubles, and nothing else', async () => {
    const { status, body } = await whatIf({ settings: { tier1BonusCents: 10_000 } });
    expect(status).toBe(200);
    expect(body.settingsChanged).toEqual({ tier1BonusCents: { current: 5_000, whatIf: 10_000 } });
    expect(body.whatIf.byTier).toEqual({ ...ledger.byTier, tier1: 2 * ledger.byTier.tier1 });
    expect(body.difference.commissionsCents).toBe(ledger.byTier.tier1);
    expect(body.whatIf.revenueCents).toBe(body.actual.revenueCents);
    // B's only commission was taken back (early churn): it nets nothing either way and is not listed.
    expect(body.byAffiliate).toEqual([
      {
        affiliateId: affiliateA,
        actualCents: 360_000,
        replayedCurrentCents: 360_000,
        whatIfCents: 370_000,
        differenceCents: 10_000,
      },
    ]);
  });

  it('keeps the Tier 3 cap when the rate doubles, and the refund takes back half of what was granted', async () => {
    const { body } = await whatIf({ settings: { tier3RateBasisPoints: 3_000 } });
    // Each month a1 is granted the whole $2,000 cap and a2 nothing; March's half refund takes $1,000 back.
    expect(body.whatIf.byTier.tier3).toBe(2 * 200_000 - 100_000);
    expect(body.whatIf.cappedCents).toBe(2 * (100_000 + 300_000));
    const cappedRaise = await whatIf({
      settings: { tier3RateBasisPoints: 3_000, tier3AffiliateMonthlyCapCents: 1_000_000 },
    });
    expect(cappedRaise.body.whatIf.byTier.tier3).toBe(4 * 300_000 - 150_000);
  });

  it('replays a shorter early-churn window and a higher Tier 1 threshold', async () => {
    const shortWindow = await whatIf({ settings: { earlyChurnWindowDays: 10 } });
    expect(shortWindow.body.whatIf.byTier.tier1).toBe(15_000);
    // 70 active days by mid-March: only a1 keeps Tier 1, as Tier 2 brings it.
    const higher = await whatIf({ settings: { tier1ActiveDays: 100 } });
    expect(higher.body.whatIf.byTier.tier1).toBe(5_000);
  });

  it('gives the same answer whatever the page size, with an affiliate spanning pages', async () => {
    const settings = { tier3RateBasisPoints: 3_000 };
    const { body } = await whatIf({ settings });
    for (const teamBatchSizeMax of [1, 2]) {
      const paged = await replayWhatIf(t.context, { settings }, { teamBatchSizeMax });
      expect(JSON.parse(JSON.stringify(paged))).toEqual(body);
    }
  });

  it('counts only what was earned in the range', async () => {
    const { body } = await whatIf({ settings: {}, from: '2026-02-01', to: '2026-03-01T00:00:00Z' });
    expect(body.actual.commissionsCents).toBe(225_000);
    expect(body.actual.revenueCents).toBe(2_030_000);
    expect(body.selfCheck.matches).toBe(true);
  });

  it('refuses what it cannot replay, bad values and bad ranges with 400 naming the field', async () => {
    const cannot = await whatIf({ settings: { cookieWindowDays: 30, attributionModel: 'first_click' } });
    expect(cannot.status).toBe(400);
    expect(cannot.body.detail).toContain('attributionModel, cookieWindowDays');
    // The value in force changes nothing, so it is accepted.
    expect((await whatIf({ settings: { cookieWindowDays: 90 } })).status).toBe(200);
    const negative = await whatIf({ settings: { tier1BonusCents: -1 } });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain('tier1BonusCents');
    const unknown = await whatIf({ settings: { tierOneBonus: 1 } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('tierOneBonus');
    const backwards = await whatIf({ settings: {}, from: '2026-03-01', to: '2026-02-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.path).toBe('from');
    expect((await whatIf({ from: '2026-03-01' })).status).toBe(400);
  });

  it('answers only program managers', async () => {
    const anonymous = await t.call({
      method: 'POST',
      url: '/v1/admin/what-if',
      payload: { settings: {} },
      auth: null,
    });
    expect(anonymous.statusCode).toBe(401);
    const keyResponse = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'track', name: 'tracker' },
    });
    const trackKey = (keyResponse.json() as { key: string }).key;
    const tracker = await t.call({
      method: 'POST',
      url: '/v1/admin/what-if',
      payload: { settings: {} },
      auth: trackKey,
    });
    expect(tracker.statusCode).toBe(403);
  });
});
