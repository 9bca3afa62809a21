import type { Context } from '../app/context.js';
import { type PayoutProvider, PayoutProviderError, type Transfer } from './rails/payout_provider.js';
import { recordOperatorException } from './record_operator_exception.js';
import { payoutMovesInto } from './rules/payout_states.js';
import { settlePayoutFailed, settlePayoutPaid } from './settle_payout.js';
import { movePayouts, notePayoutError } from './storage/payout_moves.js';
import type { Payout } from './storage/payouts.js';

/** Named points of a payout's life, for tests that kill the process there (crash injection). */
export type PayoutStep =
  | 'payout_created'
  | 'run_approved'
  | 'before_provider_call'
  | 'after_provider_call'
  | 'after_settled';
export type PayoutStepHook = (step: PayoutStep, payoutId: string) => void | Promise<void>;

export type SendOutcome = 'paid' | 'failed' | 'in_flight' | 'skipped';

/**
 * Hands one Stripe payout to the rail and records the outcome. The payout (and its money in
 * transit) was committed before; this only ever calls the rail with the payout id as the
 * idempotency key, so a call repeated after any crash finds or replays the one transfer.
 *
 * - success → paid (ledger in_transit → paid, `payout.paid`);
 * - retryable or unknown failure → left in flight, retried with the same id by the next pass;
 * - permanent failure, confirmed by a lookup that finds no transfer → failed (money back to
 *   available once, `payout.failed`); the next run pays it under a new payout id.
 */
export async function sendPayout(
  context: Context,
  provider: PayoutProvider,
  payoutId: string,
  hook: PayoutStepHook = () => undefined,
  options: { onlyIfCreated?: boolean } = {},
): Promise<SendOutcome> {
  const payout = await startAttempt(context, payoutId, options.onlyIfCreated ?? false);
  if (!payout) return 'skipped';
  await hook('before_provider_call', payout.id);
  const lookup = { payoutId: payout.id, destinationAccountId: payout.destinationAccountId! };
  let transfer: Transfer | null = null;
  let failure: unknown = null;
  try {
    // After an earlier attempt, the transfer may exist although the rail forgot the key (Stripe
    // keeps keys for 24 hours): look first, send only when there is none.
    if (payout.attempts > 1) transfer = await provider.findTransferByPayoutId(lookup);
    transfer ??= await provider.sendTransfer({
      ...lookup,
      amountCents: payout.amountCents,
      currency: payout.currency,
    });
  } catch (error) {
    failure = error;
  }
  await hook('after_provider_call', payout.id);
  const at = context.clock.now();
  let outcome: SendOutcome;
  if (transfer !== null) {
    outcome = await recordTransfer(context, payout, transfer, at);
  } else if (failure instanceof PayoutProviderError && !failure.retryable) {
    outcome = await recordPermanentFailure(context, provider, payout, failure, at);
  } else {
    await recordRetryableFailure(context, payout.id, failure);
    outcome = 'in_flight';
  }
  await hook('after_settled', payout.id);
  return outcome;
}

/**
 * Marks the attempt before the call, so a crash after it is known to have maybe reached the rail.
 * `onlyIfCreated` claims a payout no attempt has touched yet: of several senders, one gets it.
 */
async function startAttempt(
  context: Context,
  payoutId: string,
  onlyIfCreated: boolean,
): Promise<Payout | null> {
  const moves = payoutMovesInto('sending', 'stripe').filter(
    (move) => !onlyIfCreated || move.from === 'created',
  );
  const [payout] = await movePayouts(context.db, { payoutId }, moves, { at: context.clock.now() });
  return payout ?? null;
}

async function recordTransfer(
  context: Context,
  payout: Payout,
  transfer: Transfer,
  at: Date,
): Promise<SendOutcome> {
  if (transfer.amountCents !== payout.amountCents || transfer.currency !== payout.currency) {
    // Never settle either way on a transfer that does not match: a person must look.
    const message = `transfer ${transfer.transferId} is ${transfer.amountCents} ${transfer.currency}, the payout ${payout.amountCents} ${payout.currency}`;
    context.logger.error({ payoutId: payout.id }, message);
    await recordRetryableFailure(context, payout.id, new Error(message));
    return 'in_flight';
  }
  const settled = await context.db.transaction(async (tx) => {
    const result = await settlePayoutPaid(context, tx, payout, { transferId: transfer.transferId, at });
    // The money went back to available when the payout failed, and the rail paid it anyway: an
    // operator must settle it, and until then no new payout may pay the same money again.
    if (result === 'conflict') {
      await recordOperatorException(context, tx, {
        kind: 'transfer_for_failed_payout',
        affiliateId: payout.affiliateId,
        payoutId: payout.id,
        transferId: transfer.transferId,
        amountCents: transfer.amountCents,
        currency: transfer.currency,
      });
    }
    return result;
  });
  return settled === 'conflict' ? 'failed' : 'paid';
}

async function recordPermanentFailure(
  context: Context,
  provider: PayoutProvider,
  payout: Payout,
  failure: PayoutProviderError,
  at: Date,
): Promise<SendOutcome> {
  // A permanent answer means nothing moved; the lookup makes sure before the money comes back.
  let existing: Transfer | null;
  try {
    existing = await provider.findTransferByPayoutId({
      payoutId: payout.id,
      destinationAccountId: payout.destinationAccountId!,
    });
  } catch (error) {
    await recordRetryableFailure(context, payout.id, error);
    return 'in_flight';
  }
  if (existing !== null) return recordTransfer(context, payout, existing, at);
  const settled = await context.db.transaction((tx) =>
    settlePayoutFailed(context, tx, payout, { reason: failure.reason, message: failure.message, at }),
  );
  return settled === 'conflict' ? 'paid' : 'failed';
}

async function recordRetryableFailure(context: Context, payoutId: string, failure: unknown): Promise<void> {
  const text =
    failure instanceof PayoutProviderError
      ? `${failure.reason}: ${failure.message}`
      : failure instanceof Error
        ? failure.message
        : String(failure);
  context.logger.warn({ payoutId, error: text }, 'payout left in flight; the next pass retries it');
  await notePayoutError(context.db, payoutId, text, context.clock.now());
}
