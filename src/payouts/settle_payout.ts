import type { Context } from '../app/context.js';
import { payoutFailed, payoutPaid } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer, readAffiliateBalances } from '../ledger/storage/ledger.js';
import { emitPartnerEvent } from '../partners/emit_partner_event.js';
import type { Queryable } from '../platform/db/database.js';
import { decidePayoutMove, type PayoutMove } from './rules/payout_states.js';
import { movePayouts, type PayoutMoveDetails } from './storage/payout_moves.js';
import { lockPayout, type Payout } from './storage/payouts.js';

/**
 * The two ends of a payout, each run inside the caller's transaction under the affiliate's ledger
 * lock: the state column, the ledger transfer and the partner event change together or not at all.
 * Both are idempotent; `conflict` means the payout already ended the other way (nothing written).
 */
export type Settlement = 'settled' | 'already' | 'conflict';

async function lockedPayout(tx: Queryable, affiliateId: string, payoutId: string): Promise<Payout> {
  await lockAffiliateLedger(tx, affiliateId);
  const payout = await lockPayout(tx, payoutId);
  if (!payout) throw new Error(`payout ${payoutId} does not exist`);
  return payout;
}

/** Writes a move decided under the lock: the payout cannot have moved since it was read. */
async function writeMove(tx: Queryable, payout: Payout, move: PayoutMove, details: PayoutMoveDetails) {
  const moved = await movePayouts(tx, { payoutId: payout.id }, [move], details);
  if (moved.length !== 1) throw new Error(`payout ${payout.id} moved while its ledger was locked`);
}

export async function settlePayoutPaid(
  context: Context,
  tx: Queryable,
  target: { id: string; affiliateId: string },
  outcome: { transferId?: string | null; reference?: string | null; at: Date },
): Promise<Settlement> {
  const payout = await lockedPayout(tx, target.affiliateId, target.id);
  if (payout.state === 'paid') return 'already';
  const move = decidePayoutMove(payout.state, 'paid', payout.provider);
  if (move === null) return 'conflict';
  await postTransfer(
    tx,
    payoutPaid({
      affiliateId: payout.affiliateId,
      payoutId: payout.id,
      amountCents: payout.amountCents,
      at: outcome.at,
    }),
  );
  await writeMove(tx, payout, move, {
    at: outcome.at,
    transferId: outcome.transferId,
    reference: outcome.reference,
  });
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
  const move = decidePayoutMove(payout.state, 'failed', payout.provider);
  if (move === null) return 'conflict';
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
  await writeMove(tx, payout, move, {
    at: outcome.at,
    failureReason: outcome.reason,
    lastError: outcome.message,
  });
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
