import type { Queryable } from '../../platform/db/database.js';
import type { InvoicePaidUpdate } from '../rules/stripe_events.js';

export interface StoredInvoice {
  source: string;
  customerId: string | null;
  teamId: string | null;
  subscriptionId: string | null;
  amountPaidCents: number;
  currency: string;
  paidAt: Date;
}

export async function loadInvoice(tx: Queryable, invoiceId: string): Promise<StoredInvoice | null> {
  const rows = await tx.query<{
    source: string;
    customer_id: string | null;
    team_id: string | null;
    subscription_id: string | null;
    amount_paid_cents: number;
    currency: string;
    paid_at: Date;
  }>(
    `SELECT source, customer_id, team_id, subscription_id, amount_paid_cents, currency, paid_at
       FROM billing_invoices WHERE id = $1`,
    [invoiceId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    source: row.source,
    customerId: row.customer_id,
    teamId: row.team_id,
    subscriptionId: row.subscription_id,
    amountPaidCents: row.amount_paid_cents,
    currency: row.currency,
    paidAt: row.paid_at,
  };
}

/**
 * Stores a paid invoice once (paid invoices do not change), records which payments paid it,
 * and resolves refunds that were waiting for it. Returns whether the invoice was new and the
 * refunds it resolved.
 */
export async function storeInvoice(
  tx: Queryable,
  update: InvoicePaidUpdate,
  now: Date,
): Promise<{ inserted: boolean; resolvedRefundIds: string[] }> {
  const rows = await tx.query(
    `INSERT INTO billing_invoices (id, source, customer_id, team_id, subscription_id, amount_paid_cents, currency,
        paid_at, period_start, period_end, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      update.invoiceId,
      update.source,
      update.customerId,
      update.teamId,
      update.subscriptionId,
      update.amountPaidCents,
      update.currency,
      update.paidAt,
      update.periodStart,
      update.periodEnd,
      now,
    ],
  );
  for (const ref of update.paymentRefs) {
    await tx.query(
      'INSERT INTO billing_invoice_payments (payment_ref, invoice_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [ref, update.invoiceId],
    );
  }
  const resolved = await tx.query<{ id: string }>(
    `UPDATE billing_refunds SET invoice_id = p.invoice_id
       FROM billing_invoice_payments p
      WHERE billing_refunds.invoice_id IS NULL AND p.invoice_id = $1
        AND (p.payment_ref = billing_refunds.charge_id OR p.payment_ref = billing_refunds.payment_intent_id)
      RETURNING billing_refunds.id`,
    [update.invoiceId],
  );
  return { inserted: rows.length > 0, resolvedRefundIds: resolved.map((row) => row.id) };
}
