import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/payouts/rules/csv_format.js';
import { runCli } from '../support/processes.js';

/** Real processes on a loaded machine: generous, and no assertion depends on it. */
const processTestMs = 120_000;
const folder = mkdtempSync(join(tmpdir(), 'emdash-economics-'));
/** The projection needs no database: a data folder that does not exist shows it opens none. */
const environment = { DATA_DIR: join(folder, 'never-created') };

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('npm run cli -- economics', () => {
  it(
    '--json prints only the projection as JSON',
    async () => {
      const run = await runCli(['economics', '--json'], environment);
      expect(run.code, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout);
      expect(printed.results.years.map((year: { revenueCents: number }) => year.revenueCents)).toEqual([
        64_800_000, 453_600_000, 1_900_800_000,
      ]);
      expect(printed.results.years.map((year: { roiTenths: number }) => year.roiTenths)).toEqual([
        100, 133, 173,
      ]);
      expect(printed.agencies.rows.map((row: { clientsConverted: number }) => row.clientsConverted)).toEqual([
        3, 7.5, 16,
      ]);
      expect(
        printed.agencies.rows.map((row: { agencyShareCentsPerYear: number }) => row.agencyShareCentsPerYear),
      ).toEqual([144_000, 720_000, 3_072_000]);
      expect(run.stderr).toBe('');
      expect(existsSync(environment.DATA_DIR)).toBe(false);
    },
    processTestMs,
  );

  it(
    '--csv prints only CSV, one figure per record, with the notes',
    async () => {
      const run = await runCli(['economics', '--csv'], environment);
      expect(run.code, run.stderr).toBe(0);
      const records = parseCsv(run.stdout, 1_000).map((record) => record.cells);
      expect(records[0]).toEqual(['table', 'row', 'metric', 'value', 'unit']);
      expect(records.every((cells) => cells.length === 5)).toBe(true);
      const figure = (table: string, row: string, metric: string) =>
        records.find((cells) => cells[0] === table && cells[1] === row && cells[2] === metric)?.[3];
      expect(figure('results', 'Year 3', 'activatedAccounts')).toBe('11880');
      expect(figure('results', 'Year 3', 'revenueCents')).toBe('1900800000');
      expect(figure('results', 'Year 3', 'roiTenths')).toBe('173');
      expect(figure('agencies', 'Small agency (5 devs)', 'clientsConverted')).toBe('7.5');
      expect(figure('agencies', 'Medium agency (20 devs)', 'clientRevenueCentsPerYear')).toBe('15360000');
      expect(figure('agencies', 'Medium agency (20 devs)', 'agencyShareCentsPerYear')).toBe('3072000');
      const notes = records.filter((cells) => cells[2] === 'note').map((cells) => cells[3]);
      expect(notes.some((note) => note?.includes('the brief prints 17.2x, truncating'))).toBe(true);
      expect(notes.some((note) => note?.includes('$30,720'))).toBe(true);
    },
    processTestMs,
  );

  it(
    'reads an assumptions file and flags; flags win',
    async () => {
      const file = join(folder, 'plan.json');
      writeFileSync(file, JSON.stringify({ agencyShareRateBasisPoints: 1_000 }));
      const run = await runCli(
        [
          'economics',
          '--json',
          '--assumptions',
          file,
          '--affiliates',
          '300,1000,2400',
          '--agency-share-percent',
          '25',
        ],
        environment,
      );
      expect(run.code, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout);
      expect(printed.assumptions.agencyShareRateBasisPoints).toBe(2_500);
      expect(
        printed.results.years.map((year: { activatedAccounts: number }) => year.activatedAccounts),
      ).toEqual([1_080, 6_480, 23_760]);
      expect(printed.agencies.rows[2].agencyShareCentsPerYear).toBe(3_840_000);
    },
    processTestMs,
  );

  it(
    'a bad assumptions file: a clear message on standard error, nothing on standard output, exit 1',
    async () => {
      const file = join(folder, 'bad.json');
      writeFileSync(file, JSON.stringify({ years: [{ activeAffiliates: 'many' }] }));
      const run = await runCli(['economics', '--assumptions', file], environment);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        `${file}: years.0.activeAffiliates: Invalid input: expected number, received string`,
      );

      const missing = await runCli(['economics', '--assumptions', join(folder, 'missing.json')], environment);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe('');
      expect(missing.stderr).toMatch(/cannot read .*missing\.json \(ENOENT\)/);
    },
    processTestMs,
  );
});
