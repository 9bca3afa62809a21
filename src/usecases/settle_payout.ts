import type { Context } from '../context.js';
import type { Queryable } from '../db/database.js';
import { payoutFailed, payoutPaid } from '../domain/ledger.js';
import { lockAffiliateLedger, postTransfer, readAffiliateBalances } from '../storage/ledger.js';
import { type Payout, payoutColumns, queryPayouts } from '../storage/payouts.js';
import { emitPartnerEvent } from './emit_partner_event.js';

/**
 * The two ends of a payout, each run inside the caller's transaction under the affiliate's ledger
 * lock: the state column, the ledger transfer and the partner event change together or not at all.
 * Both are idempotent; `conflict` means the payout already ended the other way (nothing written).
 */
export type Settlement = 'settled' | 'already' | 'conflict';

async function lockedPayout(tx: Queryable, affiliateId: string, payoutId: string): Promise<Payout> {
  await lockAffiliateLedger(tx, affiliateId);
  const [payout] = await queryPayouts(tx, `SELECT ${payoutColumns} FROM payouts WHERE id = $1 FOR UPDATE`, [
    payoutId,
  ]);
  if (!payout) throw new Error(`payout ${payoutId} does not exist`);
  return payout;
}

export async function settlePayoutPaid(
  context: Context,
  tx: Queryable,
  target: { id: string; affiliateId: string },
  outcome: { transferId?: string | null; reference?: string | null; at: Date },
): Promise<Settlement> {
  const payout = await lockedPayout(tx, target.affiliateId, target.id);
  if (payout.state === 'paid') return 'already';
  if (payout.state === 'failed') return 'conflict';
  await postTransfer(
    tx,
    payoutPaid({
      affiliateId: payout.affiliateId,
      payoutId: payout.id,
      amountCents: payout.amountCents,
      at: outcome.at,
    }),
  );
  await tx.query(
    `UPDATE payouts SET state = 'paid', provider_transfer_id = coalesce($2, provider_transfer_id),
            reference = coalesce($3, reference), paid_at = $4, updated_at = $4, last_error = NULL
      WHERE id = $1`,
    [payout.id, outcome.transferId ?? null, outcome.reference ?? null, outcome.at],
  );
  await emitPartnerEvent(context, tx, {
    eventId: `payout.paid:${payout.id}`,
    affiliateId: payout.affiliateId,
    type: 'payout.paid',
    data: {
      payoutId: payout.id,
      amountCents: payout.amountCents,
      currency: payout.currency,
      provider: payout.provider,
      transferId: outcome.transferId ?? payout.providerTransferId,
      reference: outcome.reference ?? null,
      paidAt: outcome.at.toISOString(),
    },
  });
  return 'settled';
}

/** The money comes back to available (repaying any debt first); the next run makes a new payout. */
export async function settlePayoutFailed(
  context: Context,
  tx: Queryable,
  target: { id: string; affiliateId: string },
  outcome: { reason: string; message: string; at: Date },
): Promise<Settlement> {
  const payout = await lockedPayout(tx, target.affiliateId, target.id);
  if (payout.state === 'failed') return 'already';
  if (payout.state === 'paid') return 'conflict';
  const { owedCents } = await readAffiliateBalances(tx, payout.affiliateId);
  await postTransfer(
    tx,
    payoutFailed({
      affiliateId: payout.affiliateId,
      payoutId: payout.id,
      amountCents: payout.amountCents,
      owedCents,
      at: outcome.at,
      metadata: { reason: outcome.reason },
    }),
  );
  await tx.query(
    `UPDATE payouts SET state = 'failed', failure_reason = $2, last_error = $3, failed_at = $4, updated_at = $4
      WHERE id = $1`,
    [payout.id, outcome.reason, outcome.message.slice(0, 1_000), outcome.at],
  );
  await emitPartnerEvent(context, tx, {
    eventId: `payout.failed:${payout.id}`,
    affiliateId: payout.affiliateId,
    type: 'payout.failed',
    data: {
      payoutId: payout.id,
      amountCents: payout.amountCents,
      currency: payout.currency,
      provider: payout.provider,
      reason: outcome.reason,
      failedAt: outcome.at.toISOString(),
    },
  });
  return 'settled';
}
