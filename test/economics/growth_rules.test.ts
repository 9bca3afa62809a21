import { describe, expect, it } from 'vitest';
import { actualFigures, emptyMeasures } from '../../src/economics/rules/actual_figures.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { compareFigures, projectedExact } from '../../src/economics/rules/compare_with_projection.js';
import { growthFigures, wasReferredThemselves } from '../../src/economics/rules/growth_metrics.js';
import { periodsBetween, programPeriods } from '../../src/economics/rules/program_periods.js';
import { projectResults } from '../../src/economics/rules/project_results.js';

const at = (text: string) => new Date(text);

describe('growth loop: was an affiliate referred themselves?', () => {
  const referred = {
    byEmail: new Map([['lead@acme.example.com', at('2026-02-01T00:00:00Z')]]),
    byDomain: new Map([
      ['acme.example.com', at('2026-02-01T00:00:00Z')],
      ['gmail.com', at('2026-01-01T00:00:00Z')],
    ]),
  };

  it.each([
    ['its own signup email, referred before it joined', 'Lead@Acme.example.com', '2026-03-01', true],
    ['a colleague’s referred team at its company domain', 'cto@acme.example.com', '2026-03-01', true],
    ['a referred team that signed up only after it joined', 'lead@acme.example.com', '2026-01-15', false],
    ['a free-mail domain, which says nothing about a company', 'someone@gmail.com', '2026-03-01', false],
    ['no referred team of its email or domain', 'dev@other.example.com', '2026-03-01', false],
  ])('%s', (_, email, joined, expected) => {
    expect(wasReferredThemselves({ email, createdAt: at(`${joined}T00:00:00Z`) }, referred)).toBe(expected);
  });
});

describe('growth loop figures', () => {
  const measures = {
    ...emptyMeasures,
    activatedAccounts: 4,
    commissionExpenseCents: 250_001,
    channelNewAcvCents: 300_000,
    billingNewAcvCents: 900_000,
    affiliatesJoined: 3,
    referredAffiliatesJoined: 2,
  };
  const figures = actualFigures([measures])[0]!;

  it('divides with written-out rounding: shares half up to a basis point, cost floored to the cent', () => {
    expect(
      growthFigures(measures, figures, { outboundCostPerAccountCents: 300_000, totalNewAcvCents: undefined }),
    ).toEqual({
      affiliatesJoined: 3,
      referredAffiliatesJoined: 2,
      referredAffiliateShareBasisPoints: 6_667,
      channelNewAcvCents: 300_000,
      totalNewAcvCents: 900_000,
      totalNewAcvSource: 'billing',
      channelAcvShareBasisPoints: 3_333,
      costPerActivatedAccountCents: 62_500,
      outboundCostPerAccountCents: 300_000,
      outboundToChannelCostTenths: 48,
    });
  });

  it('uses a configured total of new ACV instead of billing’s, and has no share of nothing', () => {
    const given = growthFigures(measures, figures, { outboundCostPerAccountCents: 0, totalNewAcvCents: 0 });
    expect(given).toMatchObject({ totalNewAcvSource: 'input', channelAcvShareBasisPoints: null });
    expect(given.outboundToChannelCostTenths).toBe(0);
  });
});

describe('program periods', () => {
  it('counts program years of twelve months from the first month, the running one included', () => {
    const years = programPeriods(at('2026-01-17T08:00:00Z'), at('2027-01-01T00:00:00Z'), 'year');
    expect(years.map((year) => [year.label, year.start.toISOString().slice(0, 10)])).toEqual([
      ['Year 1', '2026-01-01'],
      ['Year 2', '2027-01-01'],
    ]);
    expect(programPeriods(at('2026-05-01T00:00:00Z'), at('2026-04-30T23:59:59Z'), 'month')).toEqual([]);
  });

  it('keeps the periods that overlap the months asked for', () => {
    const months = programPeriods(at('2026-01-01T00:00:00Z'), at('2026-06-15T00:00:00Z'), 'month');
    const shown = periodsBetween(months, {
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-04-01T00:00:00Z'),
    });
    expect(shown.map((month) => month.label)).toEqual(['2026-03', '2026-04']);
    const years = programPeriods(at('2026-01-01T00:00:00Z'), at('2027-06-15T00:00:00Z'), 'year');
    expect(periodsBetween(years, { from: at('2026-12-01T00:00:00Z') }).map((year) => year.label)).toEqual([
      'Year 1',
      'Year 2',
    ]);
  });
});

describe('actual beside projected', () => {
  const [year1] = projectResults(briefAssumptions.years);

  it('takes a twelfth of the year’s flows for a month and keeps its levels', () => {
    const projected = projectedExact(year1, 'month')!;
    const rows = compareFigures(actualFigures([emptyMeasures])[0]!, projected);
    expect(Object.fromEntries(rows.map((row) => [row.metric, row.projected]))).toEqual({
      activeAffiliates: 150,
      referredSignups: 375,
      signupsPerAffiliate: 2.5,
      activationRateBasisPoints: 1_200,
      activatedAccounts: 45,
      averageLtvCents: 120_000,
      commissionsCents: 541_666,
      commissionsPaidOutCents: null,
      revenueCents: 5_400_000,
      roiTenths: 100,
    });
  });

  it('has no projection beyond the projected years and no ratio of nothing', () => {
    const rows = compareFigures(actualFigures([emptyMeasures])[0]!, projectedExact(undefined, 'year'));
    expect(rows.every((row) => row.projected === null && row.difference === null)).toBe(true);
    expect(rows.filter((row) => row.actual === null).map((row) => row.metric)).toEqual([
      'signupsPerAffiliate',
      'activationRateBasisPoints',
      'averageLtvCents',
      'roiTenths',
    ]);
  });

  it('prints negative revenue (refunds above invoices) and its difference exactly', () => {
    const figures = actualFigures([{ ...emptyMeasures, invoicedCents: 1_000, refundedCents: 3_001 }])[0]!;
    const revenue = compareFigures(figures, projectedExact(year1, 'year')).find(
      (row) => row.metric === 'revenueCents',
    );
    expect(revenue).toMatchObject({ actual: -2_001, projected: 64_800_000, difference: -64_802_001 });
  });
});
