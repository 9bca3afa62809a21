import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { type PayoutImportError, type PayoutImportRow, parsePayoutImportCsv } from './rails/csv_provider.js';
import { settlePayoutFailed, settlePayoutPaid } from './settle_payout.js';
import { loadPayouts, type Payout } from './storage/payouts.js';

export interface CsvPayoutImportResult {
  paid: number;
  failed: number;
  /** Rows that repeat what was already recorded. */
  unchanged: number;
}

/**
 * Applies finance's answer for CSV payouts: `paid` (with the payment reference) or `failed` (the
 * money returns to available; the next run pays it again under a new payout id). The whole file
 * is checked first; any bad row refuses the file and nothing is written. Importing the same file
 * twice changes nothing.
 */
export async function importCsvPayouts(context: Context, text: string): Promise<CsvPayoutImportResult> {
  const parsed = parsePayoutImportCsv(text);
  if (parsed.errors.length > 0) throw importRefused(parsed.errors);
  const at = context.clock.now();
  return context.db.transaction(async (tx) => {
    const payouts = await loadPayouts(
      tx,
      parsed.rows.map((row) => row.payoutId),
    );
    const byId = new Map(payouts.map((payout) => [payout.id, payout]));
    const errors = parsed.rows.flatMap((row) => rowProblems(row, byId.get(row.payoutId)));
    if (errors.length > 0) throw importRefused(errors);
    // One lock order for every importer: by affiliate, then payout.
    const rows = [...parsed.rows].sort((a, b) => {
      const left = `${byId.get(a.payoutId)!.affiliateId} ${a.payoutId}`;
      const right = `${byId.get(b.payoutId)!.affiliateId} ${b.payoutId}`;
      return left < right ? -1 : left > right ? 1 : 0;
    });
    const result: CsvPayoutImportResult = { paid: 0, failed: 0, unchanged: 0 };
    for (const row of rows) {
      const payout = byId.get(row.payoutId)!;
      const settled =
        row.status === 'paid'
          ? await settlePayoutPaid(context, tx, payout, { reference: row.reference, at })
          : await settlePayoutFailed(context, tx, payout, {
              reason: 'csv_failed',
              message: row.reference || 'marked failed by import',
              at,
            });
      if (settled === 'conflict') throw new Error(`payout ${payout.id} changed during the import`);
      if (settled === 'already') result.unchanged += 1;
      else if (row.status === 'paid') result.paid += 1;
      else result.failed += 1;
    }
    return result;
  });
}

function rowProblems(row: PayoutImportRow, payout: Payout | undefined): PayoutImportError[] {
  const problem = (message: string): PayoutImportError[] => [
    { line: row.line, payoutId: row.payoutId, field: 'payout_id', message },
  ];
  if (!payout) return problem(`payout ${row.payoutId} does not exist`);
  if (payout.provider !== 'csv')
    return problem(`payout ${row.payoutId} is paid through ${payout.provider}, not CSV`);
  if (payout.state === 'created') return problem(`payout ${row.payoutId} has not been exported yet`);
  if (payout.state === 'paid' && row.status === 'failed')
    return problem(`payout ${row.payoutId} is already paid`);
  if (payout.state === 'failed' && row.status === 'paid') {
    return problem(`payout ${row.payoutId} already failed and its money was returned; it cannot be paid`);
  }
  return [];
}

function importRefused(errors: PayoutImportError[]): AppError {
  const first = errors[0]!;
  return new AppError(
    'validation_failed',
    `the import file has ${errors.length} problem(s); nothing was imported. Line ${first.line}: ${first.message}`,
    { details: { importErrors: errors.slice(0, 100) } },
  );
}
