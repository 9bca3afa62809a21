import type { YearAssumptions } from './assumptions.js';
import {
  divide,
  floor,
  fromInteger,
  multiply,
  type Rational,
  rational,
  roundHalfUpToTenths,
  truncateToTenths,
} from './rational.js';

const basisPointsPerWhole = 10_000n;

/** ROI = revenue / commissions: exact, and written to one decimal rounded half up. */
export interface ReturnOnInvestment {
  exact: Rational;
  roundedTenths: bigint;
  /** What cutting (not rounding) to one decimal gives; the brief's Year 3 figure is this. */
  truncatedTenths: bigint;
}

/** One column of the brief's Results table. */
export interface ResultsYear {
  year: number;
  activeAffiliates: bigint;
  signupsPerAffiliate: Rational;
  /** activeAffiliates × signupsPerAffiliate */
  referredSignups: Rational;
  activationRateBasisPoints: bigint;
  /** referredSignups × activation rate; exact, may be fractional for other assumptions */
  activatedAccounts: Rational;
  averageLtvCents: bigint;
  commissionsCents: bigint;
  /** floor(activatedAccounts × averageLtvCents): exact whenever activated accounts are whole */
  revenueCents: bigint;
  /** null when no commissions are paid (the ratio has no value) */
  roi: ReturnOnInvestment | null;
}

function signupsPerAffiliateExact(value: number): Rational {
  // Two decimals at most (checked by the schema), so hundredths are exact.
  return rational(BigInt(Math.round(value * 100)), 100n);
}

export function returnOnInvestment(
  revenueCents: bigint,
  commissionsCents: bigint,
): ReturnOnInvestment | null {
  if (commissionsCents === 0n) return null;
  const exact = divide(fromInteger(revenueCents), fromInteger(commissionsCents));
  return { exact, roundedTenths: roundHalfUpToTenths(exact), truncatedTenths: truncateToTenths(exact) };
}

export function projectYear(assumptions: YearAssumptions, year: number): ResultsYear {
  const activeAffiliates = BigInt(assumptions.activeAffiliates);
  const signupsPerAffiliate = signupsPerAffiliateExact(assumptions.signupsPerAffiliate);
  const referredSignups = multiply(fromInteger(activeAffiliates), signupsPerAffiliate);
  const activationRateBasisPoints = BigInt(assumptions.activationRateBasisPoints);
  const activatedAccounts = multiply(
    referredSignups,
    rational(activationRateBasisPoints, basisPointsPerWhole),
  );
  const averageLtvCents = BigInt(assumptions.averageLtvCents);
  const revenueCents = floor(multiply(activatedAccounts, fromInteger(averageLtvCents)));
  const commissionsCents = BigInt(assumptions.commissionsCents);
  return {
    year,
    activeAffiliates,
    signupsPerAffiliate,
    referredSignups,
    activationRateBasisPoints,
    activatedAccounts,
    averageLtvCents,
    commissionsCents,
    revenueCents,
    roi: returnOnInvestment(revenueCents, commissionsCents),
  };
}

/** The Results table, Year 1 first. */
export function projectResults(years: readonly YearAssumptions[]): ResultsYear[] {
  return years.map((assumptions, index) => projectYear(assumptions, index + 1));
}
