import { z } from 'zod';

/**
 * What the projection is computed from, in the units the rest of the program uses (integer
 * cents, basis points). This is also the shape of an `--assumptions` file and of the
 * `assumptions` field of `economics --json`, so a printed projection can be edited and fed back.
 */
export interface YearAssumptions {
  activeAffiliates: number;
  /** Average referred signups per active affiliate in the year; up to two decimals. */
  signupsPerAffiliate: number;
  activationRateBasisPoints: number;
  averageLtvCents: number;
  /** Total commissions paid in the year: an input (the brief states them; see docs/economics.md). */
  commissionsCents: number;
}

export interface AgencyAssumptions {
  size: string;
  clientsPerYear: number;
  conversionRateBasisPoints: number;
  averageClientRevenueCentsPerMonth: number;
}

export interface Assumptions {
  years: YearAssumptions[];
  agencies: AgencyAssumptions[];
  /** Tier 4: the agency's share of its clients' paid invoices, and its cap per calendar month. */
  agencyShareRateBasisPoints: number;
  agencyShareCapCentsPerMonth: number;
}

/** The brief's Results and agency tables, and Tier 4 as SPEC §3 sets it. */
export const briefAssumptions: Assumptions = {
  years: [
    {
      activeAffiliates: 150,
      signupsPerAffiliate: 30,
      activationRateBasisPoints: 1_200,
      averageLtvCents: 120_000,
      commissionsCents: 6_500_000,
    },
    {
      activeAffiliates: 500,
      signupsPerAffiliate: 36,
      activationRateBasisPoints: 1_800,
      averageLtvCents: 140_000,
      commissionsCents: 34_000_000,
    },
    {
      activeAffiliates: 1_200,
      signupsPerAffiliate: 45,
      activationRateBasisPoints: 2_200,
      averageLtvCents: 160_000,
      commissionsCents: 110_000_000,
    },
  ],
  agencies: [
    {
      size: 'Solo dev shop',
      clientsPerYear: 5,
      conversionRateBasisPoints: 6_000,
      averageClientRevenueCentsPerMonth: 20_000,
    },
    {
      size: 'Small agency (5 devs)',
      clientsPerYear: 15,
      conversionRateBasisPoints: 5_000,
      averageClientRevenueCentsPerMonth: 40_000,
    },
    {
      size: 'Medium agency (20 devs)',
      clientsPerYear: 40,
      conversionRateBasisPoints: 4_000,
      averageClientRevenueCentsPerMonth: 80_000,
    },
  ],
  agencyShareRateBasisPoints: 2_000,
  agencyShareCapCentsPerMonth: 500_000,
};

/**
 * Bounds keep every product of the model a safe integer of cents (at most 10^15), so JSON
 * output carries plain numbers.
 */
export const assumptionLimits = {
  yearsMax: 10,
  agenciesMax: 20,
  activeAffiliatesMax: 100_000,
  signupsPerAffiliateMax: 1_000,
  averageLtvCentsMax: 10_000_000,
  commissionsCentsMax: 100_000_000_000_000,
  clientsPerYearMax: 10_000,
  averageClientRevenueCentsPerMonthMax: 10_000_000,
  agencyShareCapCentsPerMonthMax: 100_000_000,
  basisPointsMax: 10_000,
} as const;

const limits = assumptionLimits;
const count = (max: number, maxMessage = `must be at most ${max}`) =>
  z.number().int('must be a whole number').min(0, 'must not be negative').max(max, maxMessage);
const basisPoints = count(limits.basisPointsMax, 'must be at most 10000 basis points (100%)');
const twoDecimals = (value: number) => /^\d+(\.\d{1,2})?$/.test(String(value));

const yearSchema = z.strictObject({
  activeAffiliates: count(limits.activeAffiliatesMax),
  signupsPerAffiliate: z
    .number()
    .min(0)
    .max(limits.signupsPerAffiliateMax)
    .refine(twoDecimals, 'at most two decimals'),
  activationRateBasisPoints: basisPoints,
  averageLtvCents: count(limits.averageLtvCentsMax),
  commissionsCents: count(limits.commissionsCentsMax),
});

const agencySchema = z.strictObject({
  size: z.string().trim().min(1).max(60),
  clientsPerYear: count(limits.clientsPerYearMax),
  conversionRateBasisPoints: basisPoints,
  averageClientRevenueCentsPerMonth: count(limits.averageClientRevenueCentsPerMonthMax),
});

export const assumptionsSchema = z.strictObject({
  years: z.array(yearSchema).min(1).max(limits.yearsMax),
  agencies: z.array(agencySchema).min(1).max(limits.agenciesMax),
  agencyShareRateBasisPoints: basisPoints,
  agencyShareCapCentsPerMonth: count(limits.agencyShareCapCentsPerMonthMax),
});

/** An assumptions file may give any part; the rest comes from the brief. */
export const assumptionsFileSchema = assumptionsSchema.partial();

export type AssumptionsFile = z.infer<typeof assumptionsFileSchema>;

/** `field.path: message` lines a person can act on. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(the whole file)'}: ${issue.message}`);
}
