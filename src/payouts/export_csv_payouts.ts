import type { Context } from '../app/context.js';
import { exportPayoutsCsv } from './rails/csv_provider.js';
import { decidePayoutMove } from './rules/payout_states.js';
import { movePayouts } from './storage/payout_moves.js';
import { listCsvPayoutsInTransit } from './storage/payouts.js';

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
    const payouts = await listCsvPayoutsInTransit(tx, asOf);
    const csv = exportPayoutsCsv(payouts);
    return {
      csv,
      payouts: payouts.length,
      totalCents: payouts.reduce((sum, payout) => sum + payout.amountCents, 0),
    };
  });
}
