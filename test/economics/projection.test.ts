import { describe, expect, it } from 'vitest';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { project } from '../../src/economics/rules/projection.js';
import { projectionJson } from '../../src/economics/rules/projection_json.js';
import { renderTable } from '../../src/economics/rules/render_table.js';

const brief = projectionJson(project(briefAssumptions));

describe("the brief's Results table from its assumptions", () => {
  it.each([
    {
      year: 1,
      activeAffiliates: 150,
      signupsPerAffiliate: 30,
      referredSignups: 4_500,
      activationRateBasisPoints: 1_200,
      activatedAccounts: 540,
      averageLtvCents: 120_000,
      commissionsCents: 6_500_000,
      revenueCents: 64_800_000,
      roiTenths: 100,
      roiExact: '648/65',
    },
    {
      year: 2,
      activeAffiliates: 500,
      signupsPerAffiliate: 36,
      referredSignups: 18_000,
      activationRateBasisPoints: 1_800,
      activatedAccounts: 3_240,
      averageLtvCents: 140_000,
      commissionsCents: 34_000_000,
      revenueCents: 453_600_000,
      roiTenths: 133,
      roiExact: '1134/85',
    },
    {
      year: 3,
      activeAffiliates: 1_200,
      signupsPerAffiliate: 45,
      referredSignups: 54_000,
      activationRateBasisPoints: 2_200,
      activatedAccounts: 11_880,
      averageLtvCents: 160_000,
      commissionsCents: 110_000_000,
      revenueCents: 1_900_800_000,
      roiTenths: 173,
      roiExact: '17.28',
    },
  ])('year $year', (expected) => {
    expect(brief.results.years[expected.year - 1]).toEqual(expected);
  });

  it('rounds Year 3 ROI 17.28 half up to 17.3x, and says that the brief truncates it to 17.2x', () => {
    const year3 = brief.results.years[2]!;
    expect(year3.roiExact).toBe('17.28');
    expect(year3.roiTenths).toBe(173);
    expect(brief.results.notes.join('\n')).toContain(
      'Year 3 ROI: $19,008,000 / $1,100,000 = 17.28, which rounds to 17.3x; the brief prints 17.2x, truncating.',
    );
    // Years 1 and 2 print as the brief prints them, so they get no note.
    expect(brief.results.notes.join('\n')).not.toMatch(/Year [12] ROI/);
  });

  it('says that commissions are an input', () => {
    expect(brief.results.notes[0]).toMatch(/Total commissions paid is an input/);
  });
});

describe("the brief's agency table, with the share it left out", () => {
  it.each([
    {
      size: 'Solo dev shop',
      clientsPerYear: 5,
      conversionRateBasisPoints: 6_000,
      averageClientRevenueCentsPerMonth: 20_000,
      clientsConverted: 3,
      clientRevenueCentsPerYear: 720_000,
      agencyShareCentsPerMonth: 12_000,
      agencyShareCentsPerYear: 144_000,
      capped: false,
    },
    {
      size: 'Small agency (5 devs)',
      clientsPerYear: 15,
      conversionRateBasisPoints: 5_000,
      averageClientRevenueCentsPerMonth: 40_000,
      clientsConverted: 7.5,
      clientRevenueCentsPerYear: 3_600_000,
      agencyShareCentsPerMonth: 60_000,
      agencyShareCentsPerYear: 720_000,
      capped: false,
    },
    {
      size: 'Medium agency (20 devs)',
      clientsPerYear: 40,
      conversionRateBasisPoints: 4_000,
      averageClientRevenueCentsPerMonth: 80_000,
      clientsConverted: 16,
      clientRevenueCentsPerYear: 15_360_000,
      agencyShareCentsPerMonth: 256_000,
      agencyShareCentsPerYear: 3_072_000,
      capped: false,
    },
  ])('$size', (expected) => {
    expect(brief.agencies.rows.find((row) => row.size === expected.size)).toEqual(expected);
  });

  it("explains that the brief's commission column and its $150K sentence are client revenue", () => {
    const notes = brief.agencies.notes.join('\n');
    expect(notes).toContain(
      '"Annual Commission per Agency", but it is what the clients pay, not the commission',
    );
    expect(notes).toContain(
      'The brief\'s "over $150K in annual partner commissions" for one medium agency is wrong by the same ' +
        'factor: 16 × $800 × 12 × 20% = $30,720; $153,600 is what its clients pay in the year.',
    );
  });

  it('holds a share to the Tier 4 monthly cap and says so', () => {
    const capped = projectionJson(project({ ...briefAssumptions, agencyShareCapCentsPerMonth: 100_000 }));
    const medium = capped.agencies.rows[2]!;
    expect(medium).toMatchObject({
      agencyShareCentsPerMonth: 100_000,
      agencyShareCentsPerYear: 1_200_000,
      capped: true,
    });
    expect(capped.agencies.rows[1]!.capped).toBe(false);
    expect(capped.agencies.notes.join('\n')).toContain(
      'Medium agency (20 devs): the share is held to the Tier 4 cap of $1,000 a month.',
    );
    // With other terms the brief's $150K sentence is no longer the subject.
    expect(capped.agencies.notes.join('\n')).not.toContain('$150K');
  });
});

describe('the printed table', () => {
  const text = renderTable(project(briefAssumptions));

  it('aligns the Results rows as the brief writes them', () => {
    expect(text).toContain('Activated accounts                    540        3,240        11,880');
    expect(text).toContain('Revenue from affiliate channel   $648,000   $4,536,000   $19,008,000');
    expect(text).toContain('ROI (revenue / commissions)         10.0x        13.3x         17.3x');
  });

  it('prints client revenue and the agency share side by side', () => {
    expect(text).toMatch(/Small agency \(5 devs\) +15 +50% +\$400\/mo +7\.5 +\$36,000 +\$7,200\n/);
    expect(text).toMatch(/Medium agency \(20 devs\) +40 +40% +\$800\/mo +16 +\$153,600 +\$30,720\n/);
  });

  it('writes a dash for ROI when no commissions are paid', () => {
    const years = briefAssumptions.years.map((year) => ({ ...year, commissionsCents: 0 }));
    const free = project({ ...briefAssumptions, years });
    expect(free.results.years.every((year) => year.roi === null)).toBe(true);
    expect(renderTable(free)).toMatch(/ROI \(revenue \/ commissions\) +— +— +—\n/);
  });
});
