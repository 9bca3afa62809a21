import type { Assumptions } from './assumptions.js';
import type { AgencyRow } from './project_agencies.js';
import type { ResultsYear } from './project_results.js';
import type { Projection } from './projection.js';
import { type Rational, toDecimalString } from './rational.js';

/**
 * The projection as plain JSON: money in integer cents, rates in basis points, counts as exact
 * decimal numbers (7.5), ROI in tenths rounded half up with the exact ratio beside it.
 * `assumptions` has the shape an `--assumptions` file takes.
 */
export interface ProjectionJson {
  assumptions: Assumptions;
  results: { years: ResultsYearJson[]; notes: string[] };
  agencies: { rows: AgencyRowJson[]; notes: string[] };
}

export interface ResultsYearJson {
  year: number;
  activeAffiliates: number;
  signupsPerAffiliate: number;
  referredSignups: number;
  activationRateBasisPoints: number;
  activatedAccounts: number;
  averageLtvCents: number;
  commissionsCents: number;
  revenueCents: number;
  /** null when no commissions are paid */
  roiTenths: number | null;
  /** the exact ratio, "a/b" unless it is a finite decimal */
  roiExact: string | null;
}

export interface AgencyRowJson {
  size: string;
  clientsPerYear: number;
  conversionRateBasisPoints: number;
  averageClientRevenueCentsPerMonth: number;
  clientsConverted: number;
  clientRevenueCentsPerYear: number;
  agencyShareCentsPerMonth: number;
  agencyShareCentsPerYear: number;
  capped: boolean;
}

/** The assumption bounds keep every figure below 2^53; a larger one is a bug, not a rounding. */
function safeNumber(value: bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} is beyond a safe integer`);
  return number;
}

function decimalNumber(value: Rational): number {
  return Number(toDecimalString(value));
}

function yearJson(year: ResultsYear): ResultsYearJson {
  return {
    year: year.year,
    activeAffiliates: safeNumber(year.activeAffiliates),
    signupsPerAffiliate: decimalNumber(year.signupsPerAffiliate),
    referredSignups: decimalNumber(year.referredSignups),
    activationRateBasisPoints: safeNumber(year.activationRateBasisPoints),
    activatedAccounts: decimalNumber(year.activatedAccounts),
    averageLtvCents: safeNumber(year.averageLtvCents),
    commissionsCents: safeNumber(year.commissionsCents),
    revenueCents: safeNumber(year.revenueCents),
    roiTenths: year.roi ? safeNumber(year.roi.roundedTenths) : null,
    roiExact: year.roi ? toDecimalString(year.roi.exact) : null,
  };
}

function agencyJson(row: AgencyRow): AgencyRowJson {
  return {
    size: row.size,
    clientsPerYear: safeNumber(row.clientsPerYear),
    conversionRateBasisPoints: safeNumber(row.conversionRateBasisPoints),
    averageClientRevenueCentsPerMonth: safeNumber(row.averageClientRevenueCentsPerMonth),
    clientsConverted: decimalNumber(row.clientsConverted),
    clientRevenueCentsPerYear: safeNumber(row.clientRevenueCentsPerYear),
    agencyShareCentsPerMonth: safeNumber(row.agencyShareCentsPerMonth),
    agencyShareCentsPerYear: safeNumber(row.agencyShareCentsPerYear),
    capped: row.capped,
  };
}

export function projectionJson(projection: Projection): ProjectionJson {
  return {
    assumptions: projection.assumptions,
    results: { years: projection.results.years.map(yearJson), notes: projection.results.notes },
    agencies: { rows: projection.agencies.rows.map(agencyJson), notes: projection.agencies.notes },
  };
}
