import type { AgencyAssumptions, Assumptions, YearAssumptions } from './assumptions.js';
import { parseDecimal } from './rational.js';

/**
 * Command-line flags in the units people write (dollars, percent), one value per year or per
 * agency row, read exactly into the model's units (cents, basis points). Pure: parsing and
 * merging only; the schema check happens after the merge.
 */
export const yearFlags = {
  activeAffiliates: { flag: '--affiliates', unit: 'count' },
  signupsPerAffiliate: { flag: '--signups-per-affiliate', unit: 'decimal' },
  activationRateBasisPoints: { flag: '--activation-percent', unit: 'percent' },
  averageLtvCents: { flag: '--ltv-dollars', unit: 'dollars' },
  commissionsCents: { flag: '--commissions-dollars', unit: 'dollars' },
} as const satisfies Record<keyof YearAssumptions, { flag: string; unit: FlagUnit }>;

export const agencyFlags = {
  size: { flag: '--agency-sizes', unit: 'text' },
  clientsPerYear: { flag: '--agency-clients', unit: 'count' },
  conversionRateBasisPoints: { flag: '--agency-conversion-percent', unit: 'percent' },
  averageClientRevenueCentsPerMonth: { flag: '--agency-revenue-dollars-per-month', unit: 'dollars' },
} as const satisfies Record<keyof AgencyAssumptions, { flag: string; unit: FlagUnit }>;

export const programFlags = {
  agencyShareRateBasisPoints: {
    flag: '--agency-share-percent',
    unit: 'percent',
    about: "the agency's share of its clients' invoices (Tier 4), in percent",
  },
  agencyShareCapCentsPerMonth: {
    flag: '--agency-cap-dollars-per-month',
    unit: 'dollars',
    about: "the cap on an agency's share per calendar month, in dollars",
  },
} as const satisfies Record<
  'agencyShareRateBasisPoints' | 'agencyShareCapCentsPerMonth',
  { flag: string; unit: FlagUnit; about: string }
>;

export type FlagUnit = 'count' | 'decimal' | 'percent' | 'dollars' | 'text';

const unitReaders: Record<Exclude<FlagUnit, 'text'>, (text: string) => number | null> = {
  count: (text) => (/^\d{1,12}$/.test(text) ? Number(text) : null),
  decimal: (text) => (parseDecimal(text, 2) ? Number(text) : null),
  percent: (text) => scaled(text, 100n),
  dollars: (text) => scaled(text, 100n),
};

/** "12.5" percent → 1,250 basis points; "1200.50" dollars → 120,050 cents. */
function scaled(text: string, factor: bigint): number | null {
  const value = parseDecimal(text, 2);
  if (!value) return null;
  const result = (value.numerator * factor) / value.denominator;
  return result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : null;
}

export const unitHints: Record<FlagUnit, string> = {
  count: 'whole numbers',
  decimal: 'numbers with at most two decimals',
  percent: 'percentages such as 12 or 12.5',
  dollars: 'dollar amounts such as 1200 or 1200.50',
  text: 'names',
};

/** A comma-separated list in the flag's unit, or null when any item is not one. */
export function readFlagList(text: string, unit: FlagUnit): (number | string)[] | null {
  if (unit === 'text') {
    const names = text.split(',').map((name) => name.trim());
    return names.every((name) => name.length > 0) ? names : null;
  }
  const values = text.split(',').map((item) => unitReaders[unit](item.trim()));
  return values.every((value) => value !== null) ? (values as number[]) : null;
}

/** A single value in the flag's unit, or null. */
export function readFlagValue(text: string, unit: Exclude<FlagUnit, 'text'>): number | null {
  return unitReaders[unit](text.trim());
}

export type YearColumns = { [K in keyof YearAssumptions]?: YearAssumptions[K][] };
export type AgencyColumns = { [K in keyof AgencyAssumptions]?: AgencyAssumptions[K][] };

export interface AssumptionOverrides {
  years: YearColumns;
  agencies: AgencyColumns;
  agencyShareRateBasisPoints?: number;
  agencyShareCapCentsPerMonth?: number;
}

/**
 * Replaces whole columns of the base assumptions. The number of years (or agency rows) is the
 * base's unless a flag gives another; then every column must be given with that length.
 */
export function applyOverrides(
  base: Assumptions,
  overrides: AssumptionOverrides,
): { assumptions: Assumptions } | { error: string } {
  const years = mergeColumns(base.years, overrides.years, yearFlags, 'years');
  if ('error' in years) return years;
  const agencies = mergeColumns(base.agencies, overrides.agencies, agencyFlags, 'agency rows');
  if ('error' in agencies) return agencies;
  return {
    assumptions: {
      years: years.rows,
      agencies: agencies.rows,
      agencyShareRateBasisPoints: overrides.agencyShareRateBasisPoints ?? base.agencyShareRateBasisPoints,
      agencyShareCapCentsPerMonth: overrides.agencyShareCapCentsPerMonth ?? base.agencyShareCapCentsPerMonth,
    },
  };
}

function mergeColumns<Row extends object>(
  baseRows: readonly Row[],
  columns: { [K in keyof Row]?: Row[K][] },
  flags: Record<keyof Row, { flag: string }>,
  noun: string,
): { rows: Row[] } | { error: string } {
  const given = (Object.keys(flags) as (keyof Row)[]).filter((key) => columns[key] !== undefined);
  const length = given.length > 0 ? columns[given[0]!]!.length : baseRows.length;
  for (const key of given) {
    if (columns[key]!.length !== length) {
      return { error: `${flags[given[0]!].flag} and ${flags[key].flag} give different numbers of ${noun}` };
    }
  }
  if (length !== baseRows.length) {
    const missing = (Object.keys(flags) as (keyof Row)[]).filter((key) => columns[key] === undefined);
    if (missing.length > 0) {
      const names = missing.map((key) => flags[key].flag).join(', ');
      return {
        error: `${length} ${noun} given instead of ${baseRows.length}: give ${names} with ${length} values too`,
      };
    }
  }
  const rows = Array.from({ length }, (_, index) => {
    const row = { ...baseRows[index] } as Row;
    for (const key of given) row[key] = columns[key]![index]!;
    return row;
  });
  return { rows };
}
