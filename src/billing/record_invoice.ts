import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { applyBillingFacts, requireReportedTime, requireTeam } from './apply_billing_facts.js';
import { loadInvoice } from './storage/billing_invoices.js';
import { lockBilling } from './storage/billing_lock.js';

export interface InvoiceInput {
  invoiceId: string;
  teamId: string;
  amountPaidCents: number;
  currency: string;
  paidAt: Date;
  subscriptionId?: string | undefined;
}

export interface RecordedInvoice {
  invoiceId: string;
  teamId: string;
  /** False when the same invoice was reported before (a repeat changes nothing). */
  stored: boolean;
}

/** A paid invoice from a billing system other than Stripe (`POST /v1/track/invoice`). */
export async function recordInvoice(context: Context, input: InvoiceInput): Promise<RecordedInvoice> {
  const now = context.clock.now();
  requireReportedTime(input.paidAt, now, 'paidAt');
  const subscriptionId = input.subscriptionId ?? null;
  return context.db.transaction(async (tx) => {
    await lockBilling(tx);
    await requireTeam(tx, input.teamId);
    const existing = await loadInvoice(tx, input.invoiceId);
    if (existing) {
      const same =
        existing.source === 'api' &&
        existing.teamId === input.teamId &&
        existing.amountPaidCents === input.amountPaidCents &&
        existing.currency === input.currency &&
        existing.paidAt.getTime() === input.paidAt.getTime() &&
        existing.subscriptionId === subscriptionId;
      if (!same) {
        throw new AppError(
          'idempotency_conflict',
          `invoice ${input.invoiceId} was reported with other content`,
          {
            path: 'invoiceId',
          },
        );
      }
      return { invoiceId: input.invoiceId, teamId: input.teamId, stored: false };
    }
    await applyBillingFacts(
      tx,
      context,
      [
        {
          kind: 'invoice',
          source: 'api',
          invoiceId: input.invoiceId,
          customerId: null,
          teamId: input.teamId,
          subscriptionId,
          amountPaidCents: input.amountPaidCents,
          currency: input.currency,
          paidAt: input.paidAt,
          periodStart: null,
          periodEnd: null,
          paymentRefs: [],
        },
      ],
      now,
    );
    return { invoiceId: input.invoiceId, teamId: input.teamId, stored: true };
  });
}
