/**
 * RFC 4180 CSV: fields quoted when they hold a comma, quote or line break, quotes doubled,
 * records ended by CRLF. Cells that a spreadsheet would read as a formula are defused.
 */

/** OWASP's list: a leading = + - @ (or tab / carriage return) makes a spreadsheet evaluate the cell. */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

export function escapeCsvCell(value: string): string {
  const defused = value.length > 0 && formulaTriggers.has(value[0]!) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(escapeCsvCell).join(',')).join('\r\n') + '\r\n';
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

/** Parses CSV text (LF or CRLF, optional BOM) into records; blank lines are skipped. */
export function parseCsv(text: string, recordsMax: number): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let cellWasQuoted = false;
  let line = 1;
  let recordLine = 1;

  const endRecord = () => {
    cells.push(cell);
    const blank = cells.length === 1 && cells[0] === '' && !cellWasQuoted;
    if (!blank) {
      if (records.length >= recordsMax) {
        throw new CsvSyntaxError(`more than ${recordsMax} rows`, recordLine);
      }
      records.push({ line: recordLine, cells });
    }
    cells = [];
    cell = '';
    cellWasQuoted = false;
  };

  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          cell += '"';
          index++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line++;
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      if (cell !== '') throw new CsvSyntaxError('a quote inside an unquoted field', line);
      quoted = true;
      cellWasQuoted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      cellWasQuoted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (cellWasQuoted) throw new CsvSyntaxError('text after a closing quote', line);
      cell += char;
    }
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is never closed', recordLine);
  if (cell !== '' || cells.length > 0 || cellWasQuoted) endRecord();
  return records;
}
