import { describe, expect, it } from 'vitest';
import { emptyMeasures } from '../../src/economics/rules/actual_figures.js';
import { actualsReport } from '../../src/economics/rules/actuals_report.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { programPeriods } from '../../src/economics/rules/program_periods.js';
import { projectResults } from '../../src/economics/rules/project_results.js';
import { renderActualsCsvRecords, renderActualsTable } from '../../src/economics/rules/render_actuals.js';
import { parseCsv } from '../../src/payouts/rules/csv_format.js';

const periods = programPeriods(new Date('2026-01-01T00:00:00Z'), new Date('2026-02-20T12:00:00Z'), 'year');
const report = actualsReport({
  by: 'year',
  programStart: new Date('2026-01-01T00:00:00Z'),
  programStartSource: 'first_affiliate',
  asOf: new Date('2026-02-20T12:00:00Z'),
  periods,
  measures: [
    {
      ...emptyMeasures,
      activeAffiliates: 2,
      referredSignups: 2,
      activatedAccounts: 1,
      invoicedCents: 60_000,
      refundedCents: 10_000,
      commissionExpenseCents: 12_500,
      channelNewAcvCents: 720_000,
      billingNewAcvCents: 1_200_000,
      affiliatesJoined: 3,
      referredAffiliatesJoined: 1,
    },
  ],
  shown: periods,
  projectedYears: projectResults(briefAssumptions.years),
  outboundCostPerAccountCents: 300_000,
  totalNewAcvCentsByYear: undefined,
});

describe('actuals for a terminal and a spreadsheet', () => {
  it('prints each figure beside its projection with a signed difference', () => {
    const table = renderActualsTable(report);
    expect(table).toContain('Year 1 (2026-01-01 to 2027-01-01, to date)');
    expect(table).toMatch(/Activation rate\s+50%\s+12%\s+\+38%/);
    expect(table).toMatch(/Revenue from affiliate channel\s+\$500\s+\$648,000\s+-\$647,500/);
    expect(table).toMatch(/ROI \(revenue \/ commissions\)\s+4\.0x\s+10\.0x\s+-6\.0x/);
    expect(table).toMatch(/Commissions paid out\s+\$0\s+—\s+—/);
    expect(table).toMatch(/Outbound ÷ channel cost\s+24\.0x/);
  });

  it('writes one CSV record a figure, differences as plain signed numbers', () => {
    const records = parseCsv(renderActualsCsvRecords(report), 1_000).map((record) => record.cells);
    expect(records).toContainEqual(['actual', 'Year 1', 'revenueCents.difference', '-64750000', 'cents']);
    expect(records).toContainEqual(['actual', 'Year 1', 'commissionsPaidOutCents.projected', '', 'cents']);
    expect(records).toContainEqual(['growth', 'Year 1', 'totalNewAcvSource', 'billing', 'text']);
    expect(records).toContainEqual([
      'growth',
      'Year 1',
      'channelAcvShareBasisPoints',
      '6000',
      'basis_points',
    ]);
    expect(records).toHaveLength(10 * 3 + 10);
  });
});
