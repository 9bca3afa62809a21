import type { AgencyAssumptions } from './assumptions.js';
import { floor, fromInteger, multiply, type Rational, rational } from './rational.js';

const basisPointsPerWhole = 10_000n;
const monthsPerYear = 12n;

/** One row of the brief's "Economics of Agency Partnerships" table, with the share it left out. */
export interface AgencyRow {
  size: string;
  clientsPerYear: bigint;
  conversionRateBasisPoints: bigint;
  averageClientRevenueCentsPerMonth: bigint;
  /** clientsPerYear × conversion rate; exact (7.5 for the small agency) */
  clientsConverted: Rational;
  /**
   * floor(clientsConverted × revenue per month × 12): what the converted clients pay EmDash in
   * a year. The brief's "Annual Commission per Agency" column holds this figure.
   */
  clientRevenueCentsPerYear: bigint;
  /** min(floor(clientsConverted × revenue per month × share rate), monthly cap) */
  agencyShareCentsPerMonth: bigint;
  /** agencyShareCentsPerMonth × 12: the agency's commission for the year (Tier 4 lasts 12 months) */
  agencyShareCentsPerYear: bigint;
  /** whether the Tier 4 monthly cap lowered the share */
  capped: boolean;
}

export interface AgencyShareTerms {
  agencyShareRateBasisPoints: number;
  agencyShareCapCentsPerMonth: number;
}

export function projectAgency(assumptions: AgencyAssumptions, terms: AgencyShareTerms): AgencyRow {
  const clientsPerYear = BigInt(assumptions.clientsPerYear);
  const conversionRateBasisPoints = BigInt(assumptions.conversionRateBasisPoints);
  const averageClientRevenueCentsPerMonth = BigInt(assumptions.averageClientRevenueCentsPerMonth);
  const clientsConverted = multiply(
    fromInteger(clientsPerYear),
    rational(conversionRateBasisPoints, basisPointsPerWhole),
  );
  const clientRevenuePerMonth = multiply(clientsConverted, fromInteger(averageClientRevenueCentsPerMonth));
  const clientRevenueCentsPerYear = floor(multiply(clientRevenuePerMonth, fromInteger(monthsPerYear)));
  const uncappedShareCentsPerMonth = floor(
    multiply(clientRevenuePerMonth, rational(BigInt(terms.agencyShareRateBasisPoints), basisPointsPerWhole)),
  );
  const capCentsPerMonth = BigInt(terms.agencyShareCapCentsPerMonth);
  const capped = uncappedShareCentsPerMonth > capCentsPerMonth;
  const agencyShareCentsPerMonth = capped ? capCentsPerMonth : uncappedShareCentsPerMonth;
  return {
    size: assumptions.size,
    clientsPerYear,
    conversionRateBasisPoints,
    averageClientRevenueCentsPerMonth,
    clientsConverted,
    clientRevenueCentsPerYear,
    agencyShareCentsPerMonth,
    agencyShareCentsPerYear: agencyShareCentsPerMonth * monthsPerYear,
    capped,
  };
}

export function projectAgencies(
  agencies: readonly AgencyAssumptions[],
  terms: AgencyShareTerms,
): AgencyRow[] {
  return agencies.map((agency) => projectAgency(agency, terms));
}
