import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgencyAssumptions,
  assumptionLimits,
  type YearAssumptions,
} from '../../src/economics/rules/assumptions.js';
import { projectAgency } from '../../src/economics/rules/project_agencies.js';
import { projectYear } from '../../src/economics/rules/project_results.js';
import {
  floor,
  fromInteger,
  multiply,
  parseDecimal,
  rational,
  roundHalfUpToTenths,
  toDecimalString,
  truncateToTenths,
} from '../../src/economics/rules/rational.js';

const limits = assumptionLimits;

const yearAssumptions: fc.Arbitrary<YearAssumptions> = fc.record({
  activeAffiliates: fc.integer({ min: 0, max: limits.activeAffiliatesMax }),
  signupsPerAffiliate: fc
    .integer({ min: 0, max: limits.signupsPerAffiliateMax * 100 })
    .map((hundredths) => hundredths / 100),
  activationRateBasisPoints: fc.integer({ min: 0, max: limits.basisPointsMax }),
  averageLtvCents: fc.integer({ min: 0, max: limits.averageLtvCentsMax }),
  commissionsCents: fc.integer({ min: 0, max: limits.commissionsCentsMax }),
});

describe('the Results model, for any assumptions within the bounds', () => {
  it('revenue = activated accounts × LTV (floored to the cent only when activated accounts are fractional)', () => {
    fc.assert(
      fc.property(yearAssumptions, (assumptions) => {
        const year = projectYear(assumptions, 1);
        const exactRevenue = multiply(year.activatedAccounts, fromInteger(year.averageLtvCents));
        expect(year.revenueCents).toBe(floor(exactRevenue));
        if (year.activatedAccounts.denominator === 1n) {
          expect(year.revenueCents).toBe(year.activatedAccounts.numerator * year.averageLtvCents);
        }
        expect(Number.isSafeInteger(Number(year.revenueCents))).toBe(true);
      }),
    );
  });

  it('ROI = revenue / commissions exactly, shown rounded half up to one decimal', () => {
    fc.assert(
      fc.property(yearAssumptions, (assumptions) => {
        const year = projectYear(assumptions, 1);
        if (year.commissionsCents === 0n) {
          expect(year.roi).toBeNull();
          return;
        }
        const roi = year.roi!;
        // exact × commissions = revenue
        expect(roi.exact.numerator * year.commissionsCents).toBe(year.revenueCents * roi.exact.denominator);
        // rounded half up: tenths − ½ ≤ 10 × ROI < tenths + ½, i.e. 20·rev − c·(2t+1) < 0 ≤ 20·rev − c·(2t−1)
        const twentyRevenue = 20n * year.revenueCents;
        expect(twentyRevenue - year.commissionsCents * (2n * roi.roundedTenths - 1n) >= 0n).toBe(true);
        expect(twentyRevenue - year.commissionsCents * (2n * roi.roundedTenths + 1n) < 0n).toBe(true);
      }),
    );
  });

  it('activated accounts = affiliates × signups per affiliate × activation rate, exactly', () => {
    fc.assert(
      fc.property(yearAssumptions, (assumptions) => {
        const year = projectYear(assumptions, 1);
        // Every input is a whole number of hundredths or basis points: 10^6 × activated is whole.
        const scaled = multiply(year.activatedAccounts, fromInteger(1_000_000n));
        expect(scaled.denominator).toBe(1n);
        expect(scaled.numerator).toBe(
          BigInt(assumptions.activeAffiliates) *
            BigInt(Math.round(assumptions.signupsPerAffiliate * 100)) *
            BigInt(assumptions.activationRateBasisPoints),
        );
      }),
    );
  });
});

const agencyAssumptions: fc.Arbitrary<AgencyAssumptions> = fc.record({
  size: fc.constant('any'),
  clientsPerYear: fc.integer({ min: 0, max: limits.clientsPerYearMax }),
  conversionRateBasisPoints: fc.integer({ min: 0, max: limits.basisPointsMax }),
  averageClientRevenueCentsPerMonth: fc.integer({ min: 0, max: limits.averageClientRevenueCentsPerMonthMax }),
});

describe('the agency model, for any assumptions within the bounds', () => {
  it('the share never exceeds the rate of the revenue nor the cap, and is twelve equal months', () => {
    fc.assert(
      fc.property(
        agencyAssumptions,
        fc.integer({ min: 0, max: limits.basisPointsMax }),
        fc.integer({ min: 0, max: limits.agencyShareCapCentsPerMonthMax }),
        (agency, rateBasisPoints, capCents) => {
          const row = projectAgency(agency, {
            agencyShareRateBasisPoints: rateBasisPoints,
            agencyShareCapCentsPerMonth: capCents,
          });
          expect(row.agencyShareCentsPerYear).toBe(row.agencyShareCentsPerMonth * 12n);
          expect(row.agencyShareCentsPerMonth <= BigInt(capCents)).toBe(true);
          // floored per month, so never above the rate of the year's revenue (itself floored by < 1 cent)
          const rate = BigInt(rateBasisPoints);
          expect(row.agencyShareCentsPerYear * 10_000n <= (row.clientRevenueCentsPerYear + 1n) * rate).toBe(
            true,
          );
          const uncapped = floor(
            multiply(
              multiply(row.clientsConverted, fromInteger(row.averageClientRevenueCentsPerMonth)),
              rational(rate, 10_000n),
            ),
          );
          expect(row.capped).toBe(uncapped > BigInt(capCents));
          expect(row.agencyShareCentsPerMonth).toBe(row.capped ? BigInt(capCents) : uncapped);
        },
      ),
    );
  });
});

describe('exact arithmetic', () => {
  it.each([
    [rational(1728n, 100n), 173n, 172n],
    [rational(1725n, 100n), 173n, 172n],
    [rational(17249n, 1000n), 172n, 172n],
    [rational(648n, 65n), 100n, 99n],
    [rational(1134n, 85n), 133n, 133n],
    [fromInteger(10n), 100n, 100n],
  ])('%o rounds half up to %s tenths and truncates to %s', (value, rounded, truncated) => {
    expect(roundHalfUpToTenths(value)).toBe(rounded);
    expect(truncateToTenths(value)).toBe(truncated);
  });

  it('reads and writes decimals exactly', () => {
    expect(parseDecimal('7.5', 2)).toEqual(rational(15n, 2n));
    expect(parseDecimal('0.05', 2)).toEqual(rational(1n, 20n));
    for (const bad of ['7.555', '-1', '1e3', ' 1', '', '.5', '1.']) expect(parseDecimal(bad, 2)).toBeNull();
    expect(toDecimalString(rational(15n, 2n))).toBe('7.5');
    expect(toDecimalString(rational(1n, 40n))).toBe('0.025');
    expect(toDecimalString(rational(11880n))).toBe('11880');
    expect(toDecimalString(rational(648n, 65n))).toBe('648/65');
  });

  it('floors toward minus infinity', () => {
    expect(floor(rational(15n, 2n))).toBe(7n);
    expect(floor(rational(-15n, 2n))).toBe(-8n);
    expect(floor(rational(-16n, 2n))).toBe(-8n);
  });
});
