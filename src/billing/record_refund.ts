import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { applyBillingFacts, requireReportedTime } from './apply_billing_facts.js';
import { invoiceTeam, loadInvoice, lockBilling } from './storage/billing_facts.js';

export interface RefundInput {
  refundId: string;
  invoiceId: string;
  amountRefundedCents: number;
  currency: string;
  refundedAt: Date;
}

export interface RecordedRefund {
  refundId: string;
  invoiceId: string;
  teamId: string | null;
  stored: boolean;
}

/**
 * A refund of a paid invoice from a billing system other than Stripe (`POST /v1/track/refund`).
 * The invoice must be known and its refunds may not add up to more than was paid.
 */
export async function recordRefund(context: Context, input: RefundInput): Promise<RecordedRefund> {
  const now = context.clock.now();
  requireReportedTime(input.refundedAt, now, 'refundedAt');
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    const invoice = await loadInvoice(tx, input.invoiceId);
    if (!invoice) {
      throw new AppError('not_found', `invoice ${input.invoiceId} does not exist`, { path: 'invoiceId' });
    }
    const teamId = await invoiceTeam(tx, input.invoiceId);
    const existing = await tx.query<{
      invoice_id: string | null;
      amount_refunded_cents: number;
      currency: string;
      refunded_at: Date;
    }>('SELECT invoice_id, amount_refunded_cents, currency, refunded_at FROM billing_refunds WHERE id = $1', [
      input.refundId,
    ]);
    const previous = existing[0];
    if (previous) {
      const same =
        previous.invoice_id === input.invoiceId &&
        previous.amount_refunded_cents === input.amountRefundedCents &&
        previous.currency === input.currency &&
        previous.refunded_at.getTime() === input.refundedAt.getTime();
      if (!same) {
        throw new AppError(
          'idempotency_conflict',
          `refund ${input.refundId} was reported with other content`,
          {
            path: 'refundId',
          },
        );
      }
      return { refundId: input.refundId, invoiceId: input.invoiceId, teamId, stored: false };
    }
    if (input.currency !== invoice.currency) {
      throw new AppError('validation_failed', `the invoice was paid in ${invoice.currency}`, {
        path: 'currency',
      });
    }
    const [refunded] = await tx.query<{ cents: number }>(
      'SELECT COALESCE(sum(amount_refunded_cents), 0)::int8 AS cents FROM billing_refunds WHERE invoice_id = $1',
      [input.invoiceId],
    );
    const refundableCents = invoice.amountPaidCents - (refunded?.cents ?? 0);
    if (input.amountRefundedCents > refundableCents) {
      throw new AppError(
        'validation_failed',
        `only ${refundableCents} cents of invoice ${input.invoiceId} are left to refund`,
        { path: 'amountRefundedCents' },
      );
    }
    await applyBillingFacts(
      tx,
      context,
      [
        {
          kind: 'refund',
          source: 'api',
          refundId: input.refundId,
          invoiceId: input.invoiceId,
          chargeId: null,
          paymentIntentId: null,
          customerId: null,
          amountRefundedCents: input.amountRefundedCents,
          currency: input.currency,
          refundedAt: input.refundedAt,
        },
      ],
      now,
    );
    return { refundId: input.refundId, invoiceId: input.invoiceId, teamId, stored: true };
  });
}
