import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
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
import { project } from '../rules/projection.js';
import { projectionJson } from '../rules/projection_json.js';
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
export function registerEconomicsCommand(program: Command, wantsJson: () => boolean): void {
  const command = program
    .command('economics')
    .description("the brief's Results and agency tables computed from their assumptions, with corrections")
    .option('--csv', 'print one CSV record per figure (table,row,metric,value,unit); --json prints JSON')
    .option(
      '--assumptions <file>',
      'JSON file of assumptions (the shape of the "assumptions" field of --json)',
    );
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
    if (options.csv) process.stdout.write(renderCsv(projectionJson(result)));
    else if (wantsJson()) process.stdout.write(`${JSON.stringify(projectionJson(result), null, 2)}\n`);
    else process.stdout.write(renderTable(result));
  });
}

async function readAssumptions(fileName: string): Promise<string> {
  try {
    return await readFile(fileName, 'utf8');
  } catch (error) {
    throw new Error(`economics: cannot read ${fileName} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}
