import type { Context } from '../app/context.js';
import { emitPartnerEvents, partnerEventsPerCallMax } from '../partners/emit_partner_event.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import {
  type ReverseCommissionInput,
  type ReverseCommissionResult,
  reverseCommissionIn,
} from './post_commission_reversal.js';
import { bulkReversalsMax, reverseCommissionsInBulkIn } from './reverse_commissions_in_bulk.js';
import { loadCommission, loadCommissions } from './storage/commissions.js';

export type { ReverseCommissionInput, ReverseCommissionResult } from './post_commission_reversal.js';
export { reverseCommissionIn } from './post_commission_reversal.js';

export interface ReversalRequest extends ReverseCommissionInput {
  /** The `cause` that `commission.reversed` carries (`refund`, `out_of_window`, `early_churn`); else `cause`. */
  announcedCause?: string | undefined;
  /** More facts for the event (early churn: when the team paid and churned). */
  details?: Record<string, string> | undefined;
}

export interface ReversalOutcome {
  commissionId: string;
  reversedCents: number;
  /** The part of the reversal that became a debt because the money had already left `available`. */
  owedCents: number;
  replayed: boolean;
}

/** Reversals per call: one bulk posting and one batch of events. */
export const reversalsPerCallMax = Math.min(bulkReversalsMax, partnerEventsPerCallMax);

/**
 * Every reversal, whatever its cause (a refund, an invoice out of its window, early churn found by
 * the reconciliation, a correction): posts the ledger transfers inside the caller's transaction
 * and announces each new one to its affiliate as `commission.reversed`
 * (`commission.reversed:<commissionId>:<reversalId>`), as `docs/money.md` promises. Reversals of
 * all that remains are posted in a handful of set-based statements; partial and refund reversals
 * one by one, in the given order. A reversal posted before replays and announces nothing new.
 */
export async function reverseCommissionsIn(
  context: Context,
  tx: Queryable,
  requests: readonly ReversalRequest[],
  at: Date,
): Promise<ReversalOutcome[]> {
  if (requests.length > reversalsPerCallMax) {
    throw new Error(`at most ${reversalsPerCallMax} reversals at once, got ${requests.length}`);
  }
  for (const request of requests) refuseBadAmounts(request);
  const whole = requests.every(
    (request) => request.amountCents === undefined && request.refundedTotalCents === undefined,
  );
  const outcomes: ReversalOutcome[] = [];
  if (whole && requests.length > 1) {
    outcomes.push(...(await reverseCommissionsInBulkIn(tx, requests, at)));
  } else {
    for (const request of requests) {
      const result = await reverseCommissionIn(tx, request, at);
      outcomes.push({ commissionId: result.commission.id, ...amountsOf(result) });
    }
  }
  await announceReversals(context, tx, requests, outcomes);
  return outcomes;
}

/** One reversal in its own transaction (corrections, and tests that set a ledger up). */
export async function reverseCommission(
  context: Context,
  input: ReversalRequest,
): Promise<ReverseCommissionResult> {
  refuseBadAmounts(input);
  const at = input.at ?? context.clock.now();
  return context.db.transaction(async (tx) => {
    const [outcome] = await reverseCommissionsIn(context, tx, [input], at);
    return { commission: (await loadCommission(tx, input.commissionId))!, ...amountsOf(outcome!) };
  });
}

async function announceReversals(
  context: Context,
  tx: Queryable,
  requests: readonly ReversalRequest[],
  outcomes: readonly ReversalOutcome[],
): Promise<void> {
  const announced = requests.flatMap((request, index) => {
    const outcome = outcomes[index]!;
    return outcome.replayed || outcome.reversedCents <= 0 ? [] : [{ request, outcome }];
  });
  if (announced.length === 0) return;
  const commissionOf = new Map(
    (
      await loadCommissions(
        tx,
        announced.map(({ outcome }) => outcome.commissionId),
      )
    ).map((commission) => [commission.id, commission]),
  );
  await emitPartnerEvents(
    context,
    tx,
    announced.map(({ request, outcome }) => {
      const commission = commissionOf.get(outcome.commissionId)!;
      return {
        eventId: `commission.reversed:${commission.id}:${request.reversalId}`,
        affiliateId: commission.affiliateId,
        type: 'commission.reversed' as const,
        data: {
          commissionId: commission.id,
          teamId: commission.teamId,
          tier: commission.tier,
          reversedCents: outcome.reversedCents,
          owedCents: outcome.owedCents,
          cause: request.announcedCause ?? request.cause,
          ...request.details,
        },
      };
    }),
  );
}

function amountsOf(result: { reversedCents: number; owedCents: number; replayed: boolean }) {
  return { reversedCents: result.reversedCents, owedCents: result.owedCents, replayed: result.replayed };
}

function refuseBadAmounts(input: ReverseCommissionInput): void {
  if (
    input.amountCents !== undefined &&
    (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0)
  ) {
    throw new AppError('validation_failed', 'amountCents must be a positive integer', {
      path: 'amountCents',
    });
  }
  if (
    input.refundedTotalCents !== undefined &&
    (!Number.isSafeInteger(input.refundedTotalCents) || input.refundedTotalCents < 0)
  ) {
    throw new AppError('validation_failed', 'refundedTotalCents must be a non-negative integer', {
      path: 'refundedTotalCents',
    });
  }
}
