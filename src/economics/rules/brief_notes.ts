import {
  type AgencyAssumptions,
  type Assumptions,
  briefAssumptions,
  type YearAssumptions,
} from './assumptions.js';
import {
  formatCents,
  formatCount,
  formatPercent,
  formatRatioHundredths,
  formatTenths,
} from './format_figures.js';
import type { AgencyRow } from './project_agencies.js';
import type { ResultsYear } from './project_results.js';

/** What the brief prints where its arithmetic and ours part ways. */
export const briefPrinted = {
  roiTenths: [100n, 133n, 172n],
  /** its sentence on one medium agency */
  mediumAgencyClaim: 'over $150K in annual partner commissions',
} as const;

function sameYear(a: YearAssumptions, b: YearAssumptions | undefined): boolean {
  return b !== undefined && (Object.keys(a) as (keyof YearAssumptions)[]).every((key) => a[key] === b[key]);
}

function sameAgency(a: AgencyAssumptions, b: AgencyAssumptions | undefined): boolean {
  return b !== undefined && (Object.keys(a) as (keyof AgencyAssumptions)[]).every((key) => a[key] === b[key]);
}

export function resultsNotes(assumptions: Assumptions, years: readonly ResultsYear[]): string[] {
  const notes = [
    'Total commissions paid is an input (the brief states it; its tiers alone do not determine it). ' +
      'ROI = revenue / commissions, rounded half up to one decimal.',
  ];
  years.forEach((year, index) => {
    const printed = briefPrinted.roiTenths[index];
    const isBriefYear = sameYear(assumptions.years[index]!, briefAssumptions.years[index]);
    if (!isBriefYear || printed === undefined || year.roi === null || year.roi.roundedTenths === printed)
      return;
    const how = year.roi.truncatedTenths === printed ? 'truncating' : 'differently';
    notes.push(
      `Year ${year.year} ROI: ${formatCents(year.revenueCents)} / ${formatCents(year.commissionsCents)} = ` +
        `${formatRatioHundredths(year.roi.exact)}, which rounds to ${formatTenths(year.roi.roundedTenths)}; ` +
        `the brief prints ${formatTenths(printed)}, ${how}.`,
    );
  });
  return notes;
}

export function agencyNotes(assumptions: Assumptions, rows: readonly AgencyRow[]): string[] {
  const share = formatPercent(BigInt(assumptions.agencyShareRateBasisPoints));
  const notes = [
    `"Year of client revenue" = clients converted × revenue per month × 12: the brief prints it as ` +
      `"Annual Commission per Agency", but it is what the clients pay, not the commission; ` +
      `the agency's commission is its ${share} share.`,
  ];
  const briefTerms =
    assumptions.agencyShareRateBasisPoints === briefAssumptions.agencyShareRateBasisPoints &&
    assumptions.agencyShareCapCentsPerMonth === briefAssumptions.agencyShareCapCentsPerMonth;
  const medium = briefAssumptions.agencies[2]!;
  const mediumRow = rows.find((_, index) => sameAgency(assumptions.agencies[index]!, medium));
  if (briefTerms && mediumRow) {
    notes.push(
      `The brief's "${briefPrinted.mediumAgencyClaim}" for one medium agency is wrong by the same factor: ` +
        `${formatCount(mediumRow.clientsConverted)} × ${formatCents(mediumRow.averageClientRevenueCentsPerMonth)} × 12 × ` +
        `${share} = ${formatCents(mediumRow.agencyShareCentsPerYear)}; ` +
        `${formatCents(mediumRow.clientRevenueCentsPerYear)} is what its clients pay in the year.`,
    );
  }
  for (const row of rows.filter((candidate) => candidate.capped)) {
    notes.push(
      `${row.size}: the share is held to the Tier 4 cap of ` +
        `${formatCents(BigInt(assumptions.agencyShareCapCentsPerMonth))} a month.`,
    );
  }
  return notes;
}
