import type { Queryable } from '../../platform/db/database.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
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

/**
 * Paid invoice cents of referred teams per period (by `paid_at`; `boundaries`: n + 1 instants for
 * n periods), through the team each invoice bills. Periods without any are left out.
 */
export async function sumReferredInvoiceCentsByPeriod(
  db: Queryable,
  boundaries: readonly Date[],
): Promise<{ periodIndex: number; cents: number }[]> {
  if (boundaries.length < 2) return [];
  const rows = await db.query<{ bucket: number; cents: number }>(
    `SELECT width_bucket(i.paid_at, $1::timestamptz[])::int4 AS bucket, sum(i.amount_paid_cents)::int8 AS cents
       FROM team_billing_invoices i JOIN teams t ON t.id = i.team_id AND ${referredTeamSql('t', '$4')}
      WHERE i.paid_at >= $2 AND i.paid_at < $3
      GROUP BY 1`,
    [boundaries, boundaries[0], boundaries[boundaries.length - 1], unreferredStatuses],
  );
  return rows.map((row) => ({ periodIndex: row.bucket - 1, cents: Number(row.cents) }));
}
