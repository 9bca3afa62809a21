import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActualsReport } from '../../src/economics/rules/actuals_report.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { chartData } from '../../src/economics/rules/chart_series.js';
import { project } from '../../src/economics/rules/projection.js';
import { niceStep, renderChartSvg } from '../../src/economics/rules/render_chart_svg.js';
import { spawnedProcessesBudgetMs } from '../support/budgets.js';
import { runCli } from '../support/processes.js';

const folder = mkdtempSync(join(tmpdir(), 'emdash-economics-chart-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const years = project(briefAssumptions).results.years;

interface SvgPath {
  '@_data-series': string;
  '@_d': string;
  '@_stroke-dasharray'?: string;
}

/** The document's curves by name, with their number of points; throws unless it is well-formed XML. */
function curvesOf(svg: string): Record<string, { points: number; dashed: boolean }> {
  expect(XMLValidator.validate(svg)).toBe(true);
  const document = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'path' || name === 'g',
  }).parse(svg) as { svg: { title: string; g: { path?: SvgPath[] }[] } };
  const paths = document.svg.g.flatMap((group) => group.path ?? []);
  return Object.fromEntries(
    paths.map((path) => [
      path['@_data-series'],
      { points: (path['@_d'].match(/[ML]/g) ?? []).length, dashed: path['@_stroke-dasharray'] !== undefined },
    ]),
  );
}

/** Two months of a program: $0 then $500 of revenue, $50 then $75 of commissions. */
function twoMonths(): ActualsReport {
  const month = (label: string, revenueCents: number, commissionsCents: number) => ({
    label,
    programYear: 1,
    start: `${label}-01T00:00:00.000Z`,
    end: '',
    complete: true,
    figures: [
      {
        metric: 'revenueCents',
        label: '',
        unit: 'cents',
        actual: revenueCents,
        projected: null,
        difference: null,
      },
      {
        metric: 'commissionsCents',
        label: '',
        unit: 'cents',
        actual: commissionsCents,
        projected: null,
        difference: null,
      },
    ],
    growth: {},
  });
  return {
    by: 'month',
    programStart: '2026-01-01T00:00:00.000Z',
    programStartSource: 'first_affiliate',
    asOf: '2026-02-20T12:00:00.000Z',
    periods: [month('2026-01', 0, 5_000), month('2026-02', 50_000, 7_500)],
  } as unknown as ActualsReport;
}

describe('the projected-vs-actual chart', () => {
  it('draws the projection alone: three dashed cumulative curves over the 36 projected months', () => {
    const data = chartData(years);
    const revenue = data.series.find((series) => series.key === 'revenue-projected')!;
    // $648,000 + $4,536,000 + $19,008,000 by month 36; ROI to date 2,419,200,000 / 150,500,000 = 16.07.
    expect(revenue.values.at(11)).toBe(64_800_000);
    expect(revenue.values.at(-1)).toBe(2_419_200_000);
    expect(data.series.find((series) => series.key === 'roi-projected')!.values.at(-1)).toBe(161);
    const svg = renderChartSvg(data);
    expect(curvesOf(svg)).toEqual({
      'revenue-projected': { points: 36, dashed: true },
      'commissions-projected': { points: 36, dashed: true },
      'roi-projected': { points: 36, dashed: true },
    });
    expect(svg).toContain('<title>Affiliate channel: projection, cumulative by month</title>');
    expect(svg).toContain('>M36</text>');
  });

  it('draws actual curves as solid lines over the months the program has run', () => {
    const data = chartData(years, twoMonths());
    expect(data.months).toEqual(['2026-01', '2026-02']);
    expect(data.series.find((series) => series.key === 'revenue-actual')!.values).toEqual([0, 50_000]);
    expect(data.series.find((series) => series.key === 'commissions-actual')!.values).toEqual([
      5_000, 12_500,
    ]);
    expect(data.series.find((series) => series.key === 'roi-actual')!.values).toEqual([0, 40]);
    const svg = renderChartSvg(data);
    expect(curvesOf(svg)).toEqual({
      'revenue-projected': { points: 2, dashed: true },
      'commissions-projected': { points: 2, dashed: true },
      'roi-projected': { points: 2, dashed: true },
      'revenue-actual': { points: 2, dashed: false },
      'commissions-actual': { points: 2, dashed: false },
      'roi-actual': { points: 2, dashed: false },
    });
    for (const label of ['Revenue, actual', 'Commissions, projected', 'ROI, actual', '2026-02']) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });

  it('escapes text and picks tick steps of 1, 2 or 5 × 10^k', () => {
    expect([niceStep(100, 5), niceStep(2_419_200_000, 5), niceStep(7, 5), niceStep(0, 5)]).toEqual([
      20, 500_000_000, 2, 1,
    ]);
    const data = { ...chartData(years), title: 'R&D <costs> "quoted"' };
    expect(XMLValidator.validate(renderChartSvg(data))).toBe(true);
  });

  it(
    '`economics --chart` writes the SVG file beside the printed table, with no database',
    async () => {
      const file = join(folder, 'projection.svg');
      const run = await runCli(['economics', '--chart', file], { DATA_DIR: join(folder, 'never-created') });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Results (projection)');
      expect(Object.keys(curvesOf(readFileSync(file, 'utf8')))).toEqual([
        'revenue-projected',
        'commissions-projected',
        'roi-projected',
      ]);
    },
    spawnedProcessesBudgetMs * 2,
  );

  it(
    '`economics --actual --json --chart` reads the program database and draws its months',
    async () => {
      const file = join(folder, 'actual.svg');
      const run = await runCli(['--json', 'economics', '--actual', '--by', 'month', '--chart', file], {
        DATA_DIR: join(folder, 'data'),
      });
      expect(run.code, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout);
      expect(printed.projection.results.years).toHaveLength(3);
      expect(printed.actual).toMatchObject({ by: 'month', programStart: null, periods: [] });
      expect(Object.keys(curvesOf(readFileSync(file, 'utf8')))).toContain('roi-actual');
    },
    spawnedProcessesBudgetMs * 2,
  );
});
