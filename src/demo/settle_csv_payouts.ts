import { parse } from 'csv-parse/sync';
import type { Context } from '../app/context.js';
import { exportCsvPayouts } from '../payouts/export_csv_payouts.js';
import { importCsvPayouts } from '../payouts/import_csv_payouts.js';

/**
 * Finance's part of the CSV rail, done at once: export the payouts in transit and import the file
 * back with every payout paid. Returns how many were paid and their total.
 */
export async function settleCsvPayouts(
  context: Context,
  reference: string,
): Promise<{ paid: number; paidCents: number }> {
  const exported = await exportCsvPayouts(context);
  if (exported.payouts === 0) return { paid: 0, paidCents: 0 };
  const rows = parse(exported.csv, { columns: true, skip_empty_lines: true }) as Array<{ payout_id: string }>;
  const answer = [
    'payout_id,status,reference',
    ...rows.map((row) => `${row.payout_id},paid,${reference}`),
  ].join('\n');
  const imported = await importCsvPayouts(context, `${answer}\n`);
  return { paid: imported.paid, paidCents: exported.totalCents };
}
