import { readFile, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { Context } from '../../app/context.js';
import { getEconomicsActuals } from '../get_economics_actuals.js';
import {
  type AgencyColumns,
  agencyFlags,
  type FlagUnit,
  programFlags,
  readFlagList,
  readFlagValue,
  unitHints,
  type YearColumns,
  yearFlags,
} from '../rules/assumption_flags.js';
import { chartData } from '../rules/chart_series.js';
import { parseMonth } from '../rules/program_periods.js';
import { type Projection, project } from '../rules/projection.js';
import { projectionJson } from '../rules/projection_json.js';
import { renderActualsCsvRecords, renderActualsTable } from '../rules/render_actuals.js';
import { renderChartSvg } from '../rules/render_chart_svg.js';
import { renderCsv } from '../rules/render_csv.js';
import { renderTable } from '../rules/render_table.js';
import { resolveAssumptions } from '../rules/resolve_assumptions.js';

type Options = Record<string, string | boolean | undefined>;

function listParser(unit: FlagUnit) {
  return (text: string) => {
    const values = readFlagList(text, unit);
    if (values === null) throw new InvalidArgumentError(`expected comma-separated ${unitHints[unit]}`);
    return values;
  };
}

function valueParser(unit: Exclude<FlagUnit, 'text'>) {
  return (text: string) => {
    const value = readFlagValue(text, unit);
    if (value === null) throw new InvalidArgumentError(`expected ${unitHints[unit]}`);
    return value;
  };
}

/** commander's name for a flag's value: `--ltv-dollars` → `ltvDollars`. */
function optionKey(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function collectColumns(
  options: Options,
  flags: Record<string, { flag: string }>,
): Record<string, unknown[]> {
  const columns: Record<string, unknown[]> = {};
  for (const [field, { flag }] of Object.entries(flags)) {
    const value = options[optionKey(flag)] as unknown;
    if (value !== undefined) columns[field] = value as unknown[];
  }
  return columns;
}

function programValue(options: Options, field: keyof typeof programFlags): number | undefined {
  return options[optionKey(programFlags[field].flag)] as number | undefined;
}

/**
 * `economics`: the brief's Results and agency tables from their assumptions (the brief's, a
 * file's, the flags'), as an aligned table, `--json` or `--csv`. Only the tables go to standard
 * output; a bad assumption is reported on standard error with exit code 1. Needs no database.
 */
export function registerEconomicsCommand(
  program: Command,
  wantsJson: () => boolean,
  commandContext: () => Promise<Context>,
): void {
  const command = program
    .command('economics')
    .description("the brief's Results and agency tables computed from their assumptions, with corrections")
    .option('--csv', 'print one CSV record per figure (table,row,metric,value,unit); --json prints JSON')
    .option(
      '--assumptions <file>',
      'JSON file of assumptions (the shape of the "assumptions" field of --json)',
    )
    .option('--actual', "add the program's own figures beside the projection (reads the database)")
    .option(
      '--by <grain>',
      'with --actual: program years or calendar months (year | month)',
      grainParser,
      'year',
    )
    .option('--from <YYYY-MM>', 'with --actual: first month to report', monthParser)
    .option('--to <YYYY-MM>', 'with --actual: last month to report', monthParser)
    .option(
      '--program-start <YYYY-MM>',
      "with --actual: first month of program year 1 (default: the first affiliate's)",
      monthParser,
    )
    .option(
      '--outbound-cost-dollars <value>',
      'with --actual: outbound sales cost per account (default $3,000)',
      valueParser('dollars'),
    )
    .option(
      '--total-new-acv-dollars <list>',
      "with --actual: new ACV of all customers per program year (default: billing's)",
      listParser('dollars'),
    )
    .option('--chart <file>', 'also write projected (and with --actual, actual) curves by month as SVG');
  for (const { flag, unit } of Object.values(yearFlags)) {
    command.option(`${flag} <list>`, `one value per year: ${unitHints[unit]}`, listParser(unit));
  }
  for (const { flag, unit } of Object.values(agencyFlags)) {
    command.option(`${flag} <list>`, `one value per agency row: ${unitHints[unit]}`, listParser(unit));
  }
  for (const { flag, unit, about } of Object.values(programFlags)) {
    command.option(`${flag} <value>`, about, valueParser(unit));
  }
  command.action(async (options: Options) => {
    const fileName = options.assumptions as string | undefined;
    const file =
      fileName === undefined ? undefined : { name: fileName, text: await readAssumptions(fileName) };
    const resolved = resolveAssumptions(file, {
      years: collectColumns(options, yearFlags) as YearColumns,
      agencies: collectColumns(options, agencyFlags) as AgencyColumns,
      agencyShareRateBasisPoints: programValue(options, 'agencyShareRateBasisPoints'),
      agencyShareCapCentsPerMonth: programValue(options, 'agencyShareCapCentsPerMonth'),
    });
    if ('errors' in resolved) throw new Error(`economics: bad assumptions\n${resolved.errors.join('\n')}`);
    const result = project(resolved.assumptions);
    if (options.actual || options.chart) await withActuals(result, options, wantsJson(), commandContext);
    else printProjection(result, options, wantsJson());
  });
}

function printProjection(result: Projection, options: Options, json: boolean): void {
  if (options.csv) process.stdout.write(renderCsv(projectionJson(result)));
  else if (json) process.stdout.write(`${JSON.stringify(projectionJson(result), null, 2)}\n`);
  else process.stdout.write(renderTable(result));
}

function grainParser(text: string): 'year' | 'month' {
  if (text !== 'year' && text !== 'month') throw new InvalidArgumentError('expected year or month');
  return text;
}

function monthParser(text: string): string {
  if (!parseMonth(text)) throw new InvalidArgumentError('expected a month, YYYY-MM');
  return text;
}

/** `--actual` and `--chart`: the figures read from the program's database, printed and drawn. */
async function withActuals(
  result: Projection,
  options: Options,
  json: boolean,
  commandContext: () => Promise<Context>,
): Promise<void> {
  if (!options.actual) {
    await writeChart(options.chart as string, renderChartSvg(chartData(result.results.years)));
    printProjection(result, options, json);
    return;
  }
  const context = await commandContext();
  try {
    const query = {
      programStart: options.programStart as string | undefined,
      outboundCostPerAccountCents: options.outboundCostDollars as number | undefined,
      totalNewAcvCentsByYear: options.totalNewAcvDollars as number[] | undefined,
      assumptions: result.assumptions,
    };
    const actual = await getEconomicsActuals(context, {
      ...query,
      by: options.by as 'year' | 'month',
      from: options.from as string | undefined,
      to: options.to as string | undefined,
    });
    if (options.chart) {
      const months = await getEconomicsActuals(context, { ...query, by: 'month' });
      await writeChart(options.chart as string, renderChartSvg(chartData(result.results.years, months)));
    }
    if (options.csv) {
      process.stdout.write(renderCsv(projectionJson(result)) + renderActualsCsvRecords(actual));
    } else if (json) {
      process.stdout.write(`${JSON.stringify({ projection: projectionJson(result), actual }, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderTable(result)}\n\n${renderActualsTable(actual)}`);
    }
  } finally {
    await context.db.close();
  }
}

async function writeChart(file: string, svg: string): Promise<void> {
  await writeFile(file, svg);
  process.stderr.write(`economics: wrote the chart to ${file}\n`);
}

async function readAssumptions(fileName: string): Promise<string> {
  try {
    return await readFile(fileName, 'utf8');
  } catch (error) {
    throw new Error(`economics: cannot read ${fileName} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}
