import { commissionReversalTransferId, commissionReversed } from '../ledger/rules/ledger.js';
import {
  loadTransfer,
  lockAffiliateLedger,
  postTransfer,
  readAffiliateBalances,
} from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { reversalForRefund } from './rules/refunds.js';
import { type CommissionWithStatus, loadCommission } from './storage/commissions.js';

export interface ReverseCommissionInput {
  commissionId: string;
  /** Names this reversal (a refund id, `early_churn` …); the same id reverses once. */
  reversalId: string;
  cause: string;
  /** A partial reversal of this many cents; without it (and without a refund) all that remains. */
  amountCents?: number | undefined;
  /** For refunds: everything refunded on the commission's invoice so far, this refund included. */
  refundedTotalCents?: number | undefined;
  at?: Date | undefined;
}

export interface ReverseCommissionResult {
  commission: CommissionWithStatus;
  reversedCents: number;
  /** The part of the reversal that became a debt because the money had already left `available`. */
  owedCents: number;
  replayed: boolean;
}

/**
 * The ledger half of one reversal inside the caller's transaction, announcing nothing: callers go
 * through `reverseCommissionsIn`, which announces what this posts.
 */
export async function reverseCommissionIn(
  tx: Queryable,
  input: ReverseCommissionInput,
  at: Date,
): Promise<ReverseCommissionResult> {
  const found = await loadCommission(tx, input.commissionId);
  if (!found)
    throw new AppError('not_found', `commission ${input.commissionId} does not exist`, {
      path: 'commissionId',
    });
  await lockAffiliateLedger(tx, found.affiliateId);
  const transferId = commissionReversalTransferId(found.id, input.reversalId);
  const earlier = await loadTransfer(tx, transferId);
  const commission = (await loadCommission(tx, found.id))!;
  if (earlier) {
    const moved = earlier.entries.filter((entry) => entry.amountCents > 0);
    const owed = earlier.entries.find((entry) => entry.account === 'owed');
    return {
      commission,
      reversedCents: moved.reduce((sum, entry) => sum + entry.amountCents, 0),
      owedCents: owed ? -owed.amountCents : 0,
      replayed: true,
    };
  }
  const amountCents = reversalAmount(commission, input);
  const state = commission.status.state;
  if (amountCents <= 0 || state === 'reversed' || state === 'capped') {
    return { commission, reversedCents: 0, owedCents: 0, replayed: false };
  }
  const { availableCents } = await readAffiliateBalances(tx, found.affiliateId);
  const transfer = commissionReversed({
    affiliateId: found.affiliateId,
    commissionId: found.id,
    reversalId: input.reversalId,
    from: state,
    amountCents,
    availableCents,
    at,
    metadata: { cause: input.cause },
  });
  await postTransfer(tx, transfer);
  const owed = transfer.entries.find((entry) => entry.account === 'owed');
  return {
    commission: (await loadCommission(tx, found.id))!,
    reversedCents: amountCents,
    owedCents: owed ? -owed.amountCents : 0,
    replayed: false,
  };
}

function reversalAmount(commission: CommissionWithStatus, input: ReverseCommissionInput): number {
  const remainingCents = commission.status.remainingCents;
  if (input.refundedTotalCents !== undefined) {
    if (commission.invoiceAmountCents === null) {
      throw new AppError('validation_failed', `commission ${commission.id} has no invoice to refund`, {
        path: 'refundedTotalCents',
      });
    }
    return reversalForRefund({
      invoiceAmountCents: commission.invoiceAmountCents,
      earnedCents: commission.amountCents,
      refundedTotalCents: input.refundedTotalCents,
      alreadyReversedCents: commission.status.reversedCents,
    });
  }
  return Math.min(input.amountCents ?? remainingCents, remainingCents);
}
