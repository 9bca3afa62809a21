import { commissionReversalTransferId, commissionReversed, type Transfer } from '../ledger/rules/ledger.js';
import {
  loadPostedTransferIds,
  lockAffiliateLedgers,
  postTransfers,
  readAvailableBalances,
  transfersPerPostMax,
} from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { reverseCommissionIn } from './post_commission_reversal.js';
import { loadCommissionAffiliateIds, loadCommissions } from './storage/commissions.js';

/** Commissions reversed per call: one bulk posting. */
export const bulkReversalsMax = transfersPerPostMax;

export interface BulkReversalInput {
  commissionId: string;
  /** Names this reversal; the same id reverses a commission once. */
  reversalId: string;
  cause: string;
}

export interface BulkReversalResult {
  commissionId: string;
  reversedCents: number;
  owedCents: number;
  replayed: boolean;
}

/**
 * The ledger half of reversing many commissions (`reverseCommissionsIn` announces them): takes
 * back all that remains of each inside the caller's transaction, with the
 * outcome of calling `reverseCommissionIn` for each in the given order (same transfers, entries
 * and balances), in a handful of statements instead of several per commission: the affiliates
 * are locked in id order, the commissions' states read at once, the transfers built by the same
 * ledger rule and posted together. Reversals posted earlier replay through `reverseCommissionIn`.
 */
export async function reverseCommissionsInBulkIn(
  tx: Queryable,
  inputs: readonly BulkReversalInput[],
  at: Date,
): Promise<BulkReversalResult[]> {
  if (inputs.length > bulkReversalsMax) {
    throw new Error(`at most ${bulkReversalsMax} reversals at once, got ${inputs.length}`);
  }
  const transferIdOf = (input: BulkReversalInput) =>
    commissionReversalTransferId(input.commissionId, input.reversalId);
  if (new Set(inputs.map(transferIdOf)).size !== inputs.length) {
    throw new Error('each reversal may appear once in a bulk reversal');
  }
  const affiliateOf = await commissionAffiliates(tx, inputs);
  await lockAffiliateLedgers(tx, [...affiliateOf.values()]);
  // Read under the locks: every posting for these affiliates waits for this transaction.
  const posted = await loadPostedTransferIds(tx, inputs.map(transferIdOf));
  const commissions = new Map(
    (
      await loadCommissions(
        tx,
        inputs.map((input) => input.commissionId),
      )
    ).map((found) => [found.id, found]),
  );
  const availableCents = await availableBalances(
    tx,
    [...commissions.values()]
      .filter((found) => found.status.state === 'available')
      .map((found) => found.affiliateId),
  );
  const results: BulkReversalResult[] = [];
  const transfers: Transfer[] = [];
  const remainingOf = new Map<string, number>();
  for (const input of inputs) {
    if (posted.has(transferIdOf(input))) {
      const replay = await reverseCommissionIn(tx, input, at);
      results.push({ commissionId: input.commissionId, ...pick(replay) });
      continue;
    }
    const commission = commissions.get(input.commissionId)!;
    // A commission named twice under different reversal ids: the second takes what the first left.
    const remainingCents = remainingOf.get(commission.id) ?? commission.status.remainingCents;
    const state = commission.status.state;
    if (remainingCents <= 0 || state === 'reversed' || state === 'capped') {
      results.push({ commissionId: commission.id, reversedCents: 0, owedCents: 0, replayed: false });
      continue;
    }
    const transfer = commissionReversed({
      affiliateId: commission.affiliateId,
      commissionId: commission.id,
      reversalId: input.reversalId,
      from: state,
      amountCents: remainingCents,
      availableCents: availableCents.get(commission.affiliateId) ?? 0,
      at,
      metadata: { cause: input.cause },
    });
    const fromAvailable = transfer.entries.find((entry) => entry.account === 'available');
    if (fromAvailable) {
      availableCents.set(
        commission.affiliateId,
        (availableCents.get(commission.affiliateId) ?? 0) + fromAvailable.amountCents,
      );
    }
    remainingOf.set(commission.id, 0);
    transfers.push(transfer);
    const owed = transfer.entries.find((entry) => entry.account === 'owed');
    results.push({
      commissionId: commission.id,
      reversedCents: remainingCents,
      owedCents: owed ? -owed.amountCents : 0,
      replayed: false,
    });
  }
  const outcomes = await postTransfers(tx, transfers);
  if (outcomes.some((outcome) => outcome.replayed)) {
    // The locks make this impossible unless a writer skipped them: refuse rather than miscount.
    throw new Error('a bulk reversal met a transfer posted without the affiliate ledger lock');
  }
  return results;
}

async function commissionAffiliates(
  tx: Queryable,
  inputs: readonly BulkReversalInput[],
): Promise<Map<string, string>> {
  const affiliateOf = await loadCommissionAffiliateIds(
    tx,
    inputs.map((input) => input.commissionId),
  );
  const missing = inputs.find((input) => !affiliateOf.has(input.commissionId));
  if (missing) {
    throw new AppError('not_found', `commission ${missing.commissionId} does not exist`, {
      path: 'commissionId',
    });
  }
  return affiliateOf;
}

/** Available balances as sums of entries, as `readAffiliateBalances` reads them. */
async function availableBalances(
  tx: Queryable,
  affiliateIds: readonly string[],
): Promise<Map<string, number>> {
  if (affiliateIds.length === 0) return new Map();
  return readAvailableBalances(tx, [...new Set(affiliateIds)]);
}

function pick(result: { reversedCents: number; owedCents: number; replayed: boolean }) {
  return { reversedCents: result.reversedCents, owedCents: result.owedCents, replayed: result.replayed };
}
