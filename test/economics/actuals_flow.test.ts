import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEconomicsActuals } from '../../src/economics/get_economics_actuals.js';
import type { ActualsReport } from '../../src/economics/rules/actuals_report.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { expectLedgerBalanced } from '../commissions_flow/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { bulkRowsBudgetMs } from '../support/budgets.js';
import { testWebhookSecret } from '../support/stripe_events.js';
import { figuresOf, runSmallProgram } from './actuals_support.js';

describe('economics actuals of a small program run through the real use cases', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T09:00:00Z'),
      config: { stripeWebhookSecret: testWebhookSecret },
    });
    await runSmallProgram(t);
    await expectLedgerBalanced(t);
  }, bulkRowsBudgetMs);
  afterAll(async () => t.close());

  async function actuals(query: Record<string, string> = {}): Promise<ActualsReport> {
    const search = new URLSearchParams({ actual: 'true', ...query });
    const response = await t.call({ method: 'GET', url: `/v1/admin/economics?${search}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { actual: ActualsReport }).actual;
  }

  it('counts program year 1 from the first affiliate’s month, beside the projection’s Year 1', async () => {
    const report = await actuals();
    expect(report).toMatchObject({
      by: 'year',
      programStart: '2026-01-01T00:00:00.000Z',
      programStartSource: 'first_affiliate',
      asOf: '2026-02-20T12:00:00.000Z',
    });
    expect(report.periods.map((period) => [period.label, period.start, period.end, period.complete])).toEqual(
      [['Year 1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', false]],
    );
    // Two affiliates referred a signup; one activation; $50 + $90 − $15 of commissions;
    // $600 − $100 of revenue, which is also the one activated account's LTV so far.
    expect(figuresOf(report.periods[0]!)).toEqual({
      activeAffiliates: [2, 150, -148],
      referredSignups: [2, 4_500, -4_498],
      signupsPerAffiliate: [1, 30, -29],
      activationRateBasisPoints: [5_000, 1_200, 3_800],
      activatedAccounts: [1, 540, -539],
      averageLtvCents: [50_000, 120_000, -70_000],
      commissionsCents: [12_500, 6_500_000, -6_487_500],
      commissionsPaidOutCents: [0, null, null],
      revenueCents: [50_000, 64_800_000, -64_750_000],
      roiTenths: [40, 100, -60],
    });
    expect(report.periods[0]!.growth).toEqual({
      affiliatesJoined: 3,
      referredAffiliatesJoined: 1,
      referredAffiliateShareBasisPoints: 3_333,
      channelNewAcvCents: 720_000,
      totalNewAcvCents: 1_200_000,
      totalNewAcvSource: 'billing',
      channelAcvShareBasisPoints: 6_000,
      costPerActivatedAccountCents: 12_500,
      outboundCostPerAccountCents: 300_000,
      outboundToChannelCostTenths: 240,
    });
  });

  it('splits the same figures by calendar month, with the projected year pro rata', async () => {
    const report = await actuals({ by: 'month' });
    expect(report.periods.map((period) => [period.label, period.programYear, period.complete])).toEqual([
      ['2026-01', 1, true],
      ['2026-02', 1, false],
    ]);
    const [january, february] = report.periods;
    expect(figuresOf(january!)).toEqual({
      activeAffiliates: [1, 150, -149],
      referredSignups: [1, 375, -374],
      signupsPerAffiliate: [1, 2.5, -1.5],
      activationRateBasisPoints: [10_000, 1_200, 8_800],
      activatedAccounts: [1, 45, -44],
      averageLtvCents: [0, 120_000, -120_000],
      commissionsCents: [5_000, 541_666, -536_666],
      commissionsPaidOutCents: [0, null, null],
      revenueCents: [0, 5_400_000, -5_400_000],
      roiTenths: [0, 100, -100],
    });
    // LTV so far is cumulative: February's revenue over the one account activated in January.
    expect(figuresOf(february!)).toEqual({
      activeAffiliates: [1, 150, -149],
      referredSignups: [1, 375, -374],
      signupsPerAffiliate: [1, 2.5, -1.5],
      activationRateBasisPoints: [0, 1_200, -1_200],
      activatedAccounts: [0, 45, -45],
      averageLtvCents: [50_000, 120_000, -70_000],
      commissionsCents: [7_500, 541_666, -534_166],
      commissionsPaidOutCents: [0, null, null],
      revenueCents: [50_000, 5_400_000, -5_350_000],
      roiTenths: [67, 100, -33],
    });
    expect(january!.growth).toMatchObject({
      affiliatesJoined: 1,
      referredAffiliatesJoined: 0,
      referredAffiliateShareBasisPoints: 0,
      channelAcvShareBasisPoints: null,
      costPerActivatedAccountCents: 5_000,
      outboundToChannelCostTenths: 600,
    });
    expect(february!.growth).toMatchObject({
      affiliatesJoined: 2,
      referredAffiliatesJoined: 1,
      referredAffiliateShareBasisPoints: 5_000,
      channelNewAcvCents: 720_000,
      totalNewAcvCents: 1_200_000,
      costPerActivatedAccountCents: null,
      outboundToChannelCostTenths: null,
    });
  });

  it('reports only the months asked for, keeps LTV cumulative, and takes configured inputs', async () => {
    const report = await actuals({
      by: 'month',
      from: '2026-02',
      to: '2026-12',
      outboundCostPerAccountCents: '600000',
      totalNewAcvCents: '2400000',
    });
    expect(report.periods.map((period) => period.label)).toEqual(['2026-02']);
    expect(figuresOf(report.periods[0]!).averageLtvCents).toEqual([50_000, 120_000, -70_000]);
    expect(report.periods[0]!.growth).toMatchObject({
      totalNewAcvCents: 200_000,
      totalNewAcvSource: 'input',
      channelAcvShareBasisPoints: 36_000,
      outboundCostPerAccountCents: 600_000,
    });
  });

  it('starts program year 1 where it is told, leaving out what came before', async () => {
    const report = await actuals({ programStart: '2026-02' });
    expect(report).toMatchObject({ programStart: '2026-02-01T00:00:00.000Z', programStartSource: 'input' });
    expect(figuresOf(report.periods[0]!)).toMatchObject({
      activeAffiliates: [1, 150, -149],
      referredSignups: [1, 4_500, -4_499],
      activatedAccounts: [0, 540, -540],
      averageLtvCents: [null, 120_000, null],
      commissionsCents: [7_500, 6_500_000, -6_492_500],
      revenueCents: [50_000, 64_800_000, -64_750_000],
    });
  });

  it('gives the CLI use case the same figures as the endpoint', async () => {
    const report = await getEconomicsActuals(t.context, { by: 'year', assumptions: briefAssumptions });
    expect(report).toEqual(await actuals());
  });
});
