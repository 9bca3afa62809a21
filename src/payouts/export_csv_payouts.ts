import type { Context } from '../app/context.js';
import { exportPayoutsCsv } from './rails/csv_provider.js';
import { decidePayoutMove } from './rules/payout_states.js';
import { movePayouts } from './storage/payout_moves.js';

export interface CsvPayoutExport {
  csv: string;
  payouts: number;
  totalCents: number;
}

/**
 * The CSV of every CSV-rail payout in transit (of runs as of `asOf` or earlier, when given), for
 * finance to pay by hand. Exporting moves new
 * payouts from created to in transit (handed over); exporting again lists the same payouts until
 * an import says they were paid or failed, so a lost file can be written again.
 */
export async function exportCsvPayouts(
  context: Context,
  input: { asOf?: Date | undefined } = {},
): Promise<CsvPayoutExport> {
  const asOf = input.asOf ?? null;
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const handOver = decidePayoutMove('created', 'in_transit', 'csv')!;
    await movePayouts(tx, { asOfAtMost: asOf }, [handOver], { at: now });
    const rows = await tx.query<{
      id: string;
      affiliate_id: string;
      email: string;
      name: string;
      amount_cents: number;
      currency: string;
      created_at: Date;
    }>(
      `SELECT p.id, p.affiliate_id, f.email, f.name, p.amount_cents, p.currency, p.created_at
         FROM payouts p JOIN affiliates f ON f.id = p.affiliate_id
        WHERE p.provider = 'csv' AND p.state = 'in_transit' AND ($1::timestamptz IS NULL OR p.as_of <= $1)
        ORDER BY p.created_at, p.id`,
      [asOf],
    );
    const csv = exportPayoutsCsv(
      rows.map((row) => ({
        payoutId: row.id,
        affiliateId: row.affiliate_id,
        email: row.email,
        name: row.name,
        amountCents: row.amount_cents,
        currency: row.currency,
        createdAt: row.created_at,
      })),
    );
    return {
      csv,
      payouts: rows.length,
      totalCents: rows.reduce((sum, row) => sum + row.amount_cents, 0),
    };
  });
}
