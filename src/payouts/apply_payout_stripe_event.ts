import { z } from 'zod';
import type { Context } from '../app/context.js';
import { payoutReversed } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer, readAffiliateBalances } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { recordOperatorException } from './record_operator_exception.js';
import { newlyReversedCents, payoutAccountStatus } from './rules/payouts.js';
import { settlePayoutPaid } from './settle_payout.js';
import { updatePayoutAccountStatus } from './storage/payout_accounts.js';
import { recordPayoutReturnedCents } from './storage/payout_moves.js';
import { findStripePayoutOfTransfer, lockPayout, type Payout } from './storage/payouts.js';

/** Connect events the payout side handles; the Stripe webhook route hands them here. */
export const payoutStripeEventTypes = ['account.updated', 'transfer.reversed'] as const;

export function isPayoutStripeEvent(type: string): boolean {
  return (payoutStripeEventTypes as readonly string[]).includes(type);
}

const accountObject = z.looseObject({
  id: z.string().min(1).max(255),
  payouts_enabled: z.boolean().nullish(),
  details_submitted: z.boolean().nullish(),
  capabilities: z.looseObject({ transfers: z.string().nullish() }).nullish(),
  requirements: z.looseObject({ currently_due: z.array(z.string()).nullish() }).nullish(),
});

const transferObject = z.looseObject({
  id: z.string().min(1).max(255),
  amount: z.number().int().min(0),
  amount_reversed: z.number().int().min(0),
  metadata: z.looseObject({ payoutId: z.string().max(255).nullish() }).nullish(),
});

export interface PayoutEventOutcome {
  handled: boolean;
  /** Why nothing changed, when nothing did. */
  detail: string | null;
}

/**
 * Applies `account.updated` (the account's readiness, kept only when newer than what is stored)
 * and `transfer.reversed` (the reversed part of a paid transfer returns to available, once: each
 * posting is named by the cumulative reversed amount). Runs in the webhook's transaction.
 */
export async function applyPayoutStripeEvent(
  context: Context,
  tx: Queryable,
  event: { type: string; created: number; data: { object: unknown } },
  now: Date,
): Promise<PayoutEventOutcome> {
  if (event.type === 'account.updated') {
    const parsed = accountObject.safeParse(event.data.object);
    if (!parsed.success) return { handled: false, detail: 'account_object_malformed' };
    const account = parsed.data;
    const facts = {
      payoutsEnabled: account.payouts_enabled === true,
      transfersCapability: account.capabilities?.transfers ?? 'unrequested',
      detailsSubmitted: account.details_submitted === true,
    };
    const changed = await updatePayoutAccountStatus(
      tx,
      {
        accountId: account.id,
        status: payoutAccountStatus(facts),
        ...facts,
        requirementsDue: account.requirements?.currently_due ?? [],
        statusAt: new Date(event.created * 1000),
      },
      now,
    );
    return { handled: true, detail: changed ? null : 'unknown_or_stale_account' };
  }
  if (event.type === 'transfer.reversed') {
    const parsed = transferObject.safeParse(event.data.object);
    if (!parsed.success) return { handled: false, detail: 'transfer_object_malformed' };
    return returnReversedTransfer(context, tx, parsed.data, now);
  }
  return { handled: false, detail: 'event_type_not_handled' };
}

async function returnReversedTransfer(
  context: Context,
  tx: Queryable,
  transfer: z.infer<typeof transferObject>,
  now: Date,
): Promise<PayoutEventOutcome> {
  const found = await findStripePayoutOfTransfer(tx, {
    transferId: transfer.id,
    payoutId: transfer.metadata?.payoutId ?? '',
  });
  if (!found) return { handled: true, detail: 'unknown_transfer' };
  if (found.state === 'failed') return reversalOfFailedPayout(context, tx, found, transfer);
  // The event proves the transfer exists: a payout still in flight is paid first.
  if (found.state !== 'paid') {
    await settlePayoutPaid(context, tx, found, { transferId: transfer.id, at: now });
  }
  await lockAffiliateLedger(tx, found.affiliateId);
  const payout = (await lockPayout(tx, found.id))!;
  // Failed by another runner between the read above and the lock.
  if (payout.state === 'failed') return reversalOfFailedPayout(context, tx, payout, transfer);
  const reversedTotalCents = Math.min(transfer.amount_reversed, payout.amountCents);
  const amountCents = newlyReversedCents(reversedTotalCents, payout.reversedCents);
  if (amountCents === 0) return { handled: true, detail: 'already_returned' };
  const { owedCents } = await readAffiliateBalances(tx, payout.affiliateId);
  await postTransfer(
    tx,
    payoutReversed({
      affiliateId: payout.affiliateId,
      payoutId: payout.id,
      amountCents,
      owedCents,
      reversalKey: String(reversedTotalCents),
      at: now,
      metadata: { transferId: transfer.id },
    }),
  );
  await recordPayoutReturnedCents(tx, payout.id, reversedTotalCents, now);
  return { handled: true, detail: null };
}

/** The money already came back when the payout failed: a person must look at the reversal. */
async function reversalOfFailedPayout(
  context: Context,
  tx: Queryable,
  payout: Payout,
  transfer: z.infer<typeof transferObject>,
): Promise<PayoutEventOutcome> {
  await recordOperatorException(context, tx, {
    kind: 'reversal_of_failed_payout',
    affiliateId: payout.affiliateId,
    payoutId: payout.id,
    transferId: transfer.id,
    amountCents: transfer.amount_reversed,
    currency: payout.currency,
  });
  return { handled: true, detail: 'payout_failed' };
}
