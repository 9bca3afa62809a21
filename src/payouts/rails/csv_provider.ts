import { CsvSyntaxError, formatCsv, parseCsv } from '../rules/csv_format.js';

/**
 * The manual rail, for programs without Stripe (SPEC §6): the run exports the due payouts as a
 * CSV that finance pays by hand, then imports a CSV that says which were paid or failed.
 */

export interface DuePayout {
  payoutId: string;
  affiliateId: string;
  email: string;
  name: string;
  amountCents: number;
  /** Lower-case ISO 4217; amounts are written with two decimals (USD and its kind). */
  currency: string;
  createdAt: Date;
}

export const payoutExportColumns = [
  'payout_id',
  'affiliate_id',
  'email',
  'name',
  'amount',
  'amount_cents',
  'currency',
  'created',
] as const;

export const payoutImportColumns = ['payout_id', 'status', 'reference'] as const;
export const payoutImportRowsMax = 10_000;
export const payoutReferenceLengthMax = 500;
const payoutIdPattern = /^[A-Za-z0-9_-]{1,255}$/;

/** Integer cents → `1234.05`; written out with integer arithmetic, never through a float. */
export function formatCentsAsDecimal(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents))
    throw new Error(`amountCents must be a safe integer: ${amountCents}`);
  const sign = amountCents < 0 ? '-' : '';
  const absolute = Math.abs(amountCents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

export function exportPayoutsCsv(payouts: readonly DuePayout[]): string {
  const rows = payouts.map((payout) => {
    if (!Number.isSafeInteger(payout.amountCents) || payout.amountCents <= 0) {
      throw new Error(`Payout ${payout.payoutId} has a non-positive amount: ${payout.amountCents}`);
    }
    return [
      payout.payoutId,
      payout.affiliateId,
      payout.email,
      payout.name,
      formatCentsAsDecimal(payout.amountCents),
      String(payout.amountCents),
      payout.currency.toUpperCase(),
      payout.createdAt.toISOString(),
    ];
  });
  return formatCsv([[...payoutExportColumns], ...rows]);
}

export type PayoutImportStatus = 'paid' | 'failed';

export interface PayoutImportRow {
  line: number;
  payoutId: string;
  status: PayoutImportStatus;
  /** The bank or wire reference for `paid`; the reason, if given, for `failed`. */
  reference: string;
}

export interface PayoutImportError {
  /** 1-based line in the file; 0 for the file as a whole. */
  line: number;
  payoutId: string | null;
  field: string | null;
  message: string;
}

export interface PayoutImport {
  rows: PayoutImportRow[];
  errors: PayoutImportError[];
}

/** Reads an import file; good rows and row-level errors come back side by side. */
export function parsePayoutImportCsv(text: string): PayoutImport {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, payoutImportRowsMax + 1);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { rows: [], errors: [{ line: error.line, payoutId: null, field: null, message: error.message }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [fileError('the file is empty; expected a header row')] };
  const columnIndex = new Map(header.cells.map((name, index) => [name.trim().toLowerCase(), index]));
  const missing = payoutImportColumns.filter((name) => !columnIndex.has(name));
  if (missing.length > 0) {
    return {
      rows: [],
      errors: [{ ...fileError(`missing column(s): ${missing.join(', ')}`), line: header.line }],
    };
  }

  const rows: PayoutImportRow[] = [];
  const errors: PayoutImportError[] = [];
  const seenLineByPayoutId = new Map<string, number>();
  for (const record of body) {
    const cell = (name: (typeof payoutImportColumns)[number]) =>
      (record.cells[columnIndex.get(name)!] ?? '').trim();
    const outcome = readImportRow(record.line, cell('payout_id'), cell('status'), cell('reference'));
    if ('message' in outcome) {
      errors.push(outcome);
      continue;
    }
    const firstLine = seenLineByPayoutId.get(outcome.payoutId);
    if (firstLine !== undefined) {
      errors.push({
        line: record.line,
        payoutId: outcome.payoutId,
        field: 'payout_id',
        message: `payout ${outcome.payoutId} already appears on line ${firstLine}`,
      });
      continue;
    }
    seenLineByPayoutId.set(outcome.payoutId, record.line);
    rows.push(outcome);
  }
  return { rows, errors };
}

function readImportRow(
  line: number,
  payoutId: string,
  statusText: string,
  reference: string,
): PayoutImportRow | PayoutImportError {
  const rowError = (field: string, message: string): PayoutImportError => ({
    line,
    payoutId: payoutId === '' ? null : payoutId,
    field,
    message,
  });
  if (!payoutIdPattern.test(payoutId)) {
    return rowError('payout_id', 'payout_id must be 1 to 255 letters, digits, _ or -');
  }
  const status = statusText.toLowerCase();
  if (status !== 'paid' && status !== 'failed') {
    return rowError('status', `status must be paid or failed, got "${statusText}"`);
  }
  if (status === 'paid' && reference === '') {
    return rowError('reference', 'a paid payout needs the payment reference');
  }
  if (reference.length > payoutReferenceLengthMax) {
    return rowError('reference', `reference is longer than ${payoutReferenceLengthMax} characters`);
  }
  return { line, payoutId, status, reference };
}

function fileError(message: string): PayoutImportError {
  return { line: 0, payoutId: null, field: null, message };
}
