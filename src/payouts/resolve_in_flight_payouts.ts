import type { Context } from '../app/context.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { type PayoutStepHook, type SendOutcome, sendPayout } from './send_payout.js';
import { listUnsettledStripePayouts } from './storage/payouts.js';

/** Open payouts are read in pages of this size. */
export const inFlightPageSizeMax = 500;

export interface InFlightResolution {
  paid: number;
  failed: number;
  inFlight: number;
}

/**
 * The recovery pass at the start of every run: every Stripe payout that was created or sent but
 * not settled (a crash, a timeout, a 5xx, a rate limit) is sent again under its own payout id,
 * which finds or replays the one transfer the rail may already have made.
 */
export async function resolveInFlightPayouts(
  context: Context,
  provider: PayoutProvider,
  hook?: PayoutStepHook,
): Promise<InFlightResolution> {
  const totals: InFlightResolution = { paid: 0, failed: 0, inFlight: 0 };
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page = await listUnsettledStripePayouts(context.db, { after, rowsMax: inFlightPageSizeMax });
    for (const row of page) count(totals, await sendPayout(context, provider, row.id, hook));
    if (page.length < inFlightPageSizeMax) break;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return totals;
}

function count(totals: InFlightResolution, outcome: SendOutcome): void {
  if (outcome === 'paid') totals.paid += 1;
  else if (outcome === 'failed') totals.failed += 1;
  else if (outcome === 'in_flight') totals.inFlight += 1;
}
