import { describe, expect, it } from 'vitest';
import { readFlagList, readFlagValue } from '../../src/economics/rules/assumption_flags.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { resolveAssumptions } from '../../src/economics/rules/resolve_assumptions.js';

const noFlags = { years: {}, agencies: {} };

function file(json: unknown) {
  return { name: 'plan.json', text: JSON.stringify(json) };
}

describe('assumptions: the brief, then a file, then flags', () => {
  it("defaults to the brief's", () => {
    expect(resolveAssumptions(undefined, noFlags)).toEqual({ assumptions: briefAssumptions });
  });

  it('a file replaces what it names and keeps the rest', () => {
    const years = [
      {
        activeAffiliates: 10,
        signupsPerAffiliate: 12.5,
        activationRateBasisPoints: 1_000,
        averageLtvCents: 50_000,
        commissionsCents: 100_000,
      },
    ];
    const resolved = resolveAssumptions(file({ years }), noFlags);
    expect(resolved).toEqual({ assumptions: { ...briefAssumptions, years } });
  });

  it('flags replace whole columns, after the file', () => {
    const resolved = resolveAssumptions(file({ agencyShareRateBasisPoints: 1_500 }), {
      years: { activeAffiliates: [200, 600, 1_500] },
      agencies: {},
      agencyShareCapCentsPerMonth: 250_000,
    });
    if (!('assumptions' in resolved)) throw new Error(resolved.errors.join('\n'));
    expect(resolved.assumptions.years.map((year) => year.activeAffiliates)).toEqual([200, 600, 1_500]);
    expect(resolved.assumptions.years[0]!.averageLtvCents).toBe(120_000);
    expect(resolved.assumptions.agencyShareRateBasisPoints).toBe(1_500);
    expect(resolved.assumptions.agencyShareCapCentsPerMonth).toBe(250_000);
  });

  it('another number of years needs every per-year flag', () => {
    const resolved = resolveAssumptions(undefined, { years: { activeAffiliates: [150, 500] }, agencies: {} });
    expect(resolved).toEqual({
      errors: [
        '2 years given instead of 3: give --signups-per-affiliate, --activation-percent, --ltv-dollars, ' +
          '--commissions-dollars with 2 values too',
      ],
    });
    const mismatched = resolveAssumptions(undefined, {
      years: { activeAffiliates: [1, 2, 3], averageLtvCents: [1, 2] },
      agencies: {},
    });
    expect(mismatched).toEqual({
      errors: ['--affiliates and --ltv-dollars give different numbers of years'],
    });
  });

  it.each([
    ['not JSON', '{"years": [', /^plan\.json: not JSON/],
    [
      'an unknown field',
      JSON.stringify({ yeers: [] }),
      /^plan\.json: \(the whole file\): Unrecognized key: "yeers"$/,
    ],
    [
      'a negative count',
      JSON.stringify({ years: [{ ...briefAssumptions.years[0], activeAffiliates: -1 }] }),
      /years\.0\.activeAffiliates: must not be negative/,
    ],
    [
      'fractional cents',
      JSON.stringify({ years: [{ ...briefAssumptions.years[0], averageLtvCents: 1.5 }] }),
      /years\.0\.averageLtvCents: must be a whole number/,
    ],
    [
      'three decimals of signups',
      JSON.stringify({ years: [{ ...briefAssumptions.years[0], signupsPerAffiliate: 1.234 }] }),
      /signupsPerAffiliate: at most two decimals/,
    ],
    [
      'a rate above 100%',
      JSON.stringify({ agencyShareRateBasisPoints: 10_001 }),
      /agencyShareRateBasisPoints: must be at most 10000 basis points/,
    ],
    ['no years', JSON.stringify({ years: [] }), /years: /],
    [
      'too many agency rows',
      JSON.stringify({ agencies: Array(21).fill(briefAssumptions.agencies[0]) }),
      /agencies: /,
    ],
  ])('a file with %s is refused with the field at fault', (_, text, message) => {
    const resolved = resolveAssumptions({ name: 'plan.json', text }, noFlags);
    expect('errors' in resolved).toBe(true);
    if ('errors' in resolved) expect(resolved.errors.join('\n')).toMatch(message);
  });

  it('names the flag and year of a value out of bounds', () => {
    const resolved = resolveAssumptions(undefined, {
      years: { activationRateBasisPoints: [1_200, 18_000, 2_200] },
      agencies: {},
    });
    expect(resolved).toEqual({
      errors: ['--activation-percent, year 2: must be at most 10000 basis points (100%)'],
    });
  });
});

describe('flag values in the units people write', () => {
  it.each([
    ['150,500,1200', 'count', [150, 500, 1_200]],
    ['30, 36.5 ,45', 'decimal', [30, 36.5, 45]],
    ['12,18.25,22', 'percent', [1_200, 1_825, 2_200]],
    ['1200,1400.50,0.01', 'dollars', [120_000, 140_050, 1]],
    ['Solo, Big shop', 'text', ['Solo', 'Big shop']],
  ] as const)('%s as %s', (text, unit, expected) => {
    expect(readFlagList(text, unit)).toEqual(expected);
  });

  it.each([
    ['1.5', 'count'],
    ['-3', 'count'],
    ['1e3', 'decimal'],
    ['12.345', 'percent'],
    ['$12', 'dollars'],
    ['1,,2', 'dollars'],
    ['a,', 'text'],
  ] as const)('%s is not a list of %s', (text, unit) => {
    expect(readFlagList(text, unit)).toBeNull();
  });

  it('reads single values', () => {
    expect(readFlagValue('20', 'percent')).toBe(2_000);
    expect(readFlagValue('5000', 'dollars')).toBe(500_000);
    expect(readFlagValue('twenty', 'percent')).toBeNull();
  });
});
