import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV through csv-stringify and csv-parse: fields quoted when they hold a comma, quote or
 * line break, quotes doubled, records ended by CRLF. Cells that a spreadsheet would read as a
 * formula are defused on the way out.
 */

/** OWASP's list: a leading = + - @ (or tab / carriage return) makes a spreadsheet evaluate the cell. */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

function defuse(value: string): string {
  return value.length > 0 && formulaTriggers.has(value[0]!) ? `'${value}` : value;
}

const stringifyOptions = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

export function escapeCsvCell(value: string): string {
  return stringify([[defuse(value)]], { ...stringifyOptions, eof: false });
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => row.map(defuse)),
    stringifyOptions,
  );
}

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** What a file's author can act on, for the malformed quoting csv-parse reports. */
const syntaxMessages: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
};

/** Line breaks a record holds inside its quoted fields. */
function lineBreaksIn(cells: readonly string[]): number {
  return cells.reduce((count, cell) => count + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

interface RecordWithInfo {
  record: string[];
  /** `lines`: the line on which the record ends, counting CR and LF apart inside quotes. */
  info: { lines: number };
}

/** Parses CSV text (LF, CRLF or CR, optional BOM) into records; blank lines are skipped. */
export function parseCsv(text: string, recordsMax: number): CsvRecord[] {
  let parsed: RecordWithInfo[];
  try {
    // With `info: true` each record comes wrapped with where it ended; the typings do not say so.
    parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      info: true,
      to: recordsMax + 1,
    }) as unknown as RecordWithInfo[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 1;
    throw new CsvSyntaxError(syntaxMessages[error.code] ?? error.message, line);
  }
  // csv-parse counts a CRLF inside a quoted field as two lines; an editor shows one.
  let crlfsInQuotes = 0;
  const records = parsed.map(({ record, info }) => {
    crlfsInQuotes += record.reduce((count, cell) => count + (cell.match(/\r\n/g)?.length ?? 0), 0);
    return { line: info.lines - crlfsInQuotes - lineBreaksIn(record), cells: record };
  });
  if (records.length > recordsMax)
    throw new CsvSyntaxError(`more than ${recordsMax} rows`, records[recordsMax]!.line);
  return records;
}
