import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { applyBillingFacts, requireReportedTime } from './apply_billing_facts.js';
import { invoiceTeam } from './storage/billing_facts.js';
import { loadInvoice } from './storage/billing_invoices.js';
import { lockBilling } from './storage/billing_lock.js';
import { loadRefund, refundedCentsOfInvoice } from './storage/billing_refunds.js';

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
    const previous = await loadRefund(tx, input.refundId);
    if (previous) {
      const same =
        previous.invoiceId === input.invoiceId &&
        previous.amountRefundedCents === input.amountRefundedCents &&
        previous.currency === input.currency &&
        previous.refundedAt.getTime() === input.refundedAt.getTime();
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
    const refundableCents = invoice.amountPaidCents - (await refundedCentsOfInvoice(tx, input.invoiceId));
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
