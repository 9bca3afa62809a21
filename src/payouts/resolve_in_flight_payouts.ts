import type { Context } from '../app/context.js';
import type { PayoutProvider } from './rails/payout_provider.js';
import { type PayoutStepHook, type SendOutcome, sendPayout } from './send_payout.js';

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
    const page: Array<{ id: string; created_at: Date }> = await context.db.query(
      `SELECT id, created_at FROM payouts
        WHERE provider = 'stripe' AND state IN ('created', 'sending')
          AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::text))
        ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, inFlightPageSizeMax],
    );
    for (const row of page) count(totals, await sendPayout(context, provider, row.id, hook));
    if (page.length < inFlightPageSizeMax) break;
    const last = page[page.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
  return totals;
}

function count(totals: InFlightResolution, outcome: SendOutcome): void {
  if (outcome === 'paid') totals.paid += 1;
  else if (outcome === 'failed') totals.failed += 1;
  else if (outcome === 'in_flight') totals.inFlight += 1;
}
