import type { Context } from '../app/context.js';
import type { PayoutRunTotals } from './rules/payout_runs.js';
import { loadPayoutRun, loadPayoutRunTotals, type PayoutRun } from './storage/payout_runs.js';
import { listPayoutsOfRun, type Payout } from './storage/payouts.js';

/** A run's payouts shown at most; a larger run is summarised by its totals. */
export const payoutRunPayoutsMax = 5_000;

export type PayoutRunView = PayoutRun & { totals: PayoutRunTotals };

/** One run with its totals and its payouts (null when there is no such run). */
export async function getPayoutRun(
  context: Context,
  runId: string,
): Promise<(PayoutRunView & { payouts: Payout[] }) | null> {
  const run = await payoutRunView(context, runId);
  if (!run) return null;
  return { ...run, payouts: await listPayoutsOfRun(context.db, runId, payoutRunPayoutsMax) };
}

export async function payoutRunView(context: Context, runId: string): Promise<PayoutRunView | null> {
  const run = await loadPayoutRun(context.db, runId);
  if (!run) return null;
  return { ...run, totals: await loadPayoutRunTotals(context.db, runId) };
}
